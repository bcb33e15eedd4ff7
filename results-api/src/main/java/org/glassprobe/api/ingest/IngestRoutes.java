package org.glassprobe.api.ingest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.scenarios.result.CheckResult;

/** {@code POST /api/v1/probe/results}: a probe's batch of results. */
public final class IngestRoutes implements RouteGroup {
    private final IngestService ingest;

    public IngestRoutes(IngestService ingest) {
        this.ingest = ingest;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/probe/results", this::post, Role.PROBE);
    }

    @Override
    public void describe(ApiDescription api) {
        api.post("/api/v1/probe/results", Role.PROBE, "A probe's batch of results, each stored exactly once")
                .takes(Batch.class, "each result exactly as the probe wrote it; an id seen before is a duplicate")
                .answers(200, IngestCounts.class, "every result stored, a duplicate, or expired: the probe may"
                        + " delete the batch from its spool")
                .fails(400, "a batch or item that is not a result (each problem names the item)")
                .fails(403, "an item names another probe or region")
                .fails(413, "over ingest.max-batch-bytes, ingest.max-batch-results or ingest.max-result-bytes")
                .fails(422, "a check the API does not know or not of the probe's region, or a start too far in"
                        + " the future");
    }

    /** The body of a batch, for the API's description: the probe's results. */
    record Batch(List<CheckResult> results) {}

    private void post(Context ctx) {
        var probe = AccessControl.probe(ctx);
        byte[] body = Bodies.read(ctx, ingest.limits().maxBatchBytes(), "the result batch");
        ctx.json(ingest.ingest(probe, body));
    }
}
