package org.glassprobe.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/**
 * {@code /healthz} (the process answers) and {@code /readyz} (database reachable and taking writes,
 * jobs running): for an outside watcher.
 */
final class HealthRoutes implements RouteGroup {
    /** A write holding the database longer than this makes the API not ready. */
    static final java.time.Duration STUCK = java.time.Duration.ofMinutes(1);
    /**
     * How long {@code /readyz} waits for the database to answer before it says "unreachable": shorter than
     * the 3 s a load balancer's or Kubernetes' health check should allow it (docs/production.md).
     */
    static final java.time.Duration ANSWER_WITHIN = java.time.Duration.ofSeconds(2);

    private final BooleanSupplier database;
    private final Supplier<java.time.Duration> writeHeld;
    private final BooleanSupplier jobs;
    private final Supplier<Map<String, ?>> lastRuns;

    HealthRoutes(BooleanSupplier database, Supplier<java.time.Duration> writeHeld, BooleanSupplier jobs,
            Supplier<Map<String, ?>> lastRuns) {
        this.database = database;
        this.writeHeld = writeHeld;
        this.jobs = jobs;
        this.lastRuns = lastRuns;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.json(new Alive("alive")), Role.PUBLIC);
        routes.get("/readyz", this::ready, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/healthz", Role.PUBLIC, "The process answers").withoutDatabase()
                .answers(200, Alive.class, "{\"status\": \"alive\"} while the process answers");
        api.get("/readyz", Role.PUBLIC, "Ready for traffic: the database answers and takes writes, the jobs run")
                .answers(200, Readiness.class, "ready")
                .answers(503, Readiness.class, "not ready, and why (database, jobs)");
    }

    private void ready(Context ctx) {
        boolean reachable = database.getAsBoolean();
        java.time.Duration held = writeHeld.get();
        boolean db = reachable && held.compareTo(STUCK) < 0;
        boolean running = jobs.getAsBoolean();
        ctx.status(db && running ? 200 : 503).json(new Readiness(db && running ? "ready" : "not ready",
                !reachable ? "unreachable" : db ? "reachable"
                        : "takes no writes: one has held it for " + held.toSeconds() + " s",
                running ? "running" : "stopped", lastRuns.get()));
    }

    /** {@code /healthz}: the process answers. */
    record Alive(String status) {}

    /** {@code /readyz}: ready or not, and why; {@code lastJobRuns} by job name. */
    record Readiness(String status, String database, String jobs, Map<String, ?> lastJobRuns) {}
}
