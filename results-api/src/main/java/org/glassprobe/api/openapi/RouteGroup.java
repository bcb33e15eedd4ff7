package org.glassprobe.api.openapi;

import io.javalin.config.RoutesConfig;

/**
 * One feature's routes: it adds them to the server and says what each takes and answers, so that
 * {@code /api/v1/openapi.json} is written from the same class that serves the route.
 */
public interface RouteGroup {
    void register(RoutesConfig routes);

    void describe(ApiDescription api);
}
