package org.glassprobe.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.glassprobe.api.auth.Role;

/** {@code /healthz} (the process answers) and {@code /readyz} (database reachable, jobs running): for an outside watcher. */
final class HealthRoutes {
    private final BooleanSupplier database;
    private final BooleanSupplier jobs;
    private final Supplier<Map<String, ?>> lastRuns;

    HealthRoutes(BooleanSupplier database, BooleanSupplier jobs, Supplier<Map<String, ?>> lastRuns) {
        this.database = database;
        this.jobs = jobs;
        this.lastRuns = lastRuns;
    }

    void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "alive")), Role.PUBLIC);
        routes.get("/readyz", this::ready, Role.PUBLIC);
    }

    private void ready(Context ctx) {
        boolean db = database.getAsBoolean();
        boolean running = jobs.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db && running ? "ready" : "not ready");
        body.put("database", db ? "reachable" : "unreachable");
        body.put("jobs", running ? "running" : "stopped");
        body.put("lastJobRuns", lastRuns.get());
        ctx.status(db && running ? 200 : 503).json(body);
    }
}
