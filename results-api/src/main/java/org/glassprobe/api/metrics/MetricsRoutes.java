package org.glassprobe.api.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.glassprobe.api.auth.Role;

/** {@code GET /metrics}: the registry in Prometheus text format. */
public final class MetricsRoutes {
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsRoutes(PrometheusRegistry registry) {
        this.registry = registry;
    }

    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::scrape, Role.METRICS);
    }

    private void scrape(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
    }
}
