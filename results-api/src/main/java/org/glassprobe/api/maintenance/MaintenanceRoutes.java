package org.glassprobe.api.maintenance;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.Bodies;

/** {@code /api/v1/maintenance}: maintenance windows, for admins. */
public final class MaintenanceRoutes {
    private final MaintenanceService maintenance;
    private final long maxBodyBytes;

    public MaintenanceRoutes(MaintenanceService maintenance, long maxBodyBytes) {
        this.maintenance = maintenance;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/maintenance", this::create, Role.ADMIN);
        routes.get("/api/v1/maintenance", ctx -> ctx.json(Map.of("windows",
                maintenance.list().stream().map(w -> view(w)).toList())), Role.ADMIN);
        routes.delete("/api/v1/maintenance/{id}", ctx -> {
            maintenance.delete(ctx.pathParam("id"));
            ctx.status(204);
        }, Role.ADMIN);
    }

    private void create(Context ctx) {
        MaintenanceWindow w = maintenance.create(Bodies.read(ctx, maxBodyBytes, "the maintenance window"));
        ctx.status(201).json(view(w));
    }

    private static Map<String, Object> view(MaintenanceWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("check", w.check());
        m.put("startsAt", w.startsAt() == null ? null : w.startsAt().toString());
        m.put("endsAt", w.endsAt() == null ? null : w.endsAt().toString());
        m.put("cron", w.cron());
        m.put("duration", w.duration() == null ? null : org.glassprobe.scenarios.model.Durations.format(w.duration()));
        m.put("timeZone", w.timeZone() == null ? null : w.timeZone().getId());
        m.put("reason", w.reason());
        m.put("createdAt", w.createdAt().toString());
        return m;
    }
}
