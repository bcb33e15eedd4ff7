package org.glassprobe.api.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import java.util.List;

/**
 * What HTTP promises for methods no route names: {@code HEAD} answers as {@code GET} does, same
 * status, same headers, no body, for the same callers.
 */
public final class HttpMethods {
    private HttpMethods() {}

    /**
     * Adds a {@code HEAD} route beside every {@code GET} route, with its handler and its role. Javalin
     * on its own answers a {@code HEAD} with an empty 200 without running the {@code GET} handler and
     * without the route's role, so the access check refused it and no header was the GET's. Jetty
     * drops the body of a {@code HEAD} answer. Call it after every route is added.
     */
    public static void headAsGet(JavalinConfig cfg) {
        List<Endpoint> gets = cfg.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                .filter(e -> e.method == HandlerType.GET).toList();
        for (Endpoint get : gets) {
            Roles roles = get.metadata(Roles.class);
            cfg.routes.addEndpoint(roles == null ? new Endpoint(HandlerType.HEAD, get.path, get.handler)
                    : new Endpoint(HandlerType.HEAD, get.path, get.handler, java.util.Set.of(roles)));
        }
    }
}
