package org.glassprobe.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import io.javalin.security.Roles;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.glassprobe.scenarios.result.ErrorBody;

/**
 * What HTTP promises about methods, beyond the routes: {@code HEAD} answers as {@code GET} does,
 * an unknown path is 404 and a method its path does not take is 405 with {@code Allow}, both in the
 * one error shape, and the routes open to other sites answer the CORS preflight.
 */
public final class HttpMethods {
    private HttpMethods() {}

    /**
     * Adds a {@code HEAD} route beside every {@code GET} route, with its handler and its role. Javalin
     * on its own answers a {@code HEAD} with an empty 200 without running the {@code GET} handler and
     * without the route's role, so the access check refused it and no header was the GET's. Jetty
     * drops the body of a {@code HEAD} answer. Call it after every other route is added.
     */
    public static void headAsGet(JavalinConfig cfg) {
        for (Endpoint get : endpoints(cfg, HandlerType.GET, null)) {
            cfg.routes.addEndpoint(new Endpoint(HandlerType.HEAD, get.path, get.handler, metadata(get)));
        }
    }

    /**
     * Opens the {@code GET} routes at these paths to scripts of any site: every answer carries
     * {@code Access-Control-Allow-Origin: *}, and {@code OPTIONS} answers the browser's preflight
     * (204, the methods allowed, cached for a day), to the callers the {@code GET} route takes.
     */
    public static void openToEveryOrigin(JavalinConfig cfg, List<String> paths) {
        for (String path : paths) {
            Endpoint get = endpoints(cfg, HandlerType.GET, path).stream().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no GET route " + path));
            cfg.routes.before(path, ctx -> ctx.header("Access-Control-Allow-Origin", "*"));
            cfg.routes.addEndpoint(new Endpoint(HandlerType.OPTIONS, path, ctx -> ctx.status(HttpStatus.NO_CONTENT)
                    .header("Allow", "GET, HEAD, OPTIONS").header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                    .header("Access-Control-Max-Age", "86400"), metadata(get)));
        }
    }

    /**
     * Answers Javalin's own refusals (no route for the path; no route for the method, with the
     * {@code Allow} header) in the API's one error shape instead of Javalin's plain text.
     */
    public static void errorsAsJson(JavalinConfig cfg) {
        cfg.http.prefer405over404 = true;
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
            String route = ctx.method().name() + " " + ctx.path();
            if (e instanceof MethodNotAllowedResponse) {
                Set<String> allowed = new TreeSet<>();
                e.getDetails().values().forEach(v -> List.of(v.split(",")).forEach(m -> allowed.add(m.strip())));
                allowed.remove("");
                ctx.status(HttpStatus.METHOD_NOT_ALLOWED).header("Allow", String.join(", ", allowed))
                        .json(ErrorBody.of(route + " is not a route; " + ctx.path() + " takes "
                                + String.join(", ", allowed) + "; see docs/api.md"));
            } else if (e.getStatus() == HttpStatus.NOT_FOUND.getCode()) {
                ctx.status(e.getStatus()).json(ErrorBody.of("no route " + route + "; see docs/api.md"));
            } else {
                ctx.status(e.getStatus()).json(ErrorBody.of(e.getMessage()));
            }
        });
    }

    private static List<Endpoint> endpoints(JavalinConfig cfg, HandlerType method, String path) {
        return cfg.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method == method && (path == null || e.path.equals(path))).toList();
    }

    private static Set<EndpointMetadata> metadata(Endpoint e) {
        Roles roles = e.metadata(Roles.class);
        return roles == null ? Set.of() : Set.of(roles);
    }
}
