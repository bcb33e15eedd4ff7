package org.glassprobe.api.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/** {@code GET /metrics}: the registry in Prometheus text format. */
public final class MetricsRoutes implements RouteGroup {
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsRoutes(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape, Role.METRICS);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/metrics", Role.METRICS, "Prometheus metrics: the API's, each check's decision and latest results")
                .description("The admin token, or no token when metrics.open is true.")
                .answers(200, "text/plain", "the Prometheus text format ("
                        + PrometheusTextFormatWriter.CONTENT_TYPE + ")");
    }

    private void scrape(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
    }
}
