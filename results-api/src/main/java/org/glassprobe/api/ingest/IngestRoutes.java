package org.glassprobe.api.ingest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.Bodies;

/** {@code POST /api/v1/probe/results}: a probe's batch of results. */
public final class IngestRoutes {
    private final IngestService ingest;

    public IngestRoutes(IngestService ingest) {
        this.ingest = ingest;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/probe/results", this::post, Role.PROBE);
    }

    private void post(Context ctx) {
        var probe = AccessControl.probe(ctx);
        byte[] body = Bodies.read(ctx, ingest.limits().maxBatchBytes(), "the result batch");
        ctx.json(ingest.ingest(probe, body));
    }
}
