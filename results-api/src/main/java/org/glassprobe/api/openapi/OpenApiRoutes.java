package org.glassprobe.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.glassprobe.api.auth.Role;
import org.glassprobe.scenarios.model.MediaTypes;

/**
 * {@code GET /api/v1/openapi.json} (public): the OpenAPI 3.1 document of every route, written at
 * start from the route groups' own descriptions, this one's included.
 */
public final class OpenApiRoutes implements RouteGroup {
    static final String PATH = "/api/v1/openapi.json";

    private final String document;
    private final String etag;

    /**
     * @param groups            every other route group of the server
     * @param openToEveryOrigin the paths whose {@code OPTIONS} answers the CORS preflight
     * @param version           the API's version, the document's {@code info.version}
     * @param json              the API's JSON mapper
     */
    public OpenApiRoutes(List<RouteGroup> groups, List<String> openToEveryOrigin, String version, ObjectMapper json) {
        ApiDescription api = new ApiDescription();
        groups.forEach(g -> g.describe(api));
        describe(api);
        this.document = OpenApiDocument.json(api, openToEveryOrigin, version, json);
        this.etag = "\"" + MediaTypes.sha256(document.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "\"";
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::serve, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get(PATH, Role.PUBLIC, "This API's OpenAPI 3.1 document")
                .description("Every route, parameter, body and answer, with JSON schemas generated from the"
                        + " records the API reads and writes. Same for every caller; changes only with the API's"
                        + " version.")
                .header("If-None-Match", "the ETag of a copy you hold: 304 when it is still this one")
                .withoutDatabase()
                .answers(200, "application/json", "the document (application/json; OpenAPI 3.1.0)")
                .empty(304, "the copy named by If-None-Match is current");
    }

    private void serve(Context ctx) {
        ctx.header("ETag", etag).header("Cache-Control", "public, max-age=300");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(document);
    }
}
