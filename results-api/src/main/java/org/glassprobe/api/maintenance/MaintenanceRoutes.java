package org.glassprobe.api.maintenance;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/** {@code /api/v1/maintenance}: maintenance windows, for admins. */
public final class MaintenanceRoutes implements RouteGroup {
    private final MaintenanceService maintenance;
    private final long maxBodyBytes;

    public MaintenanceRoutes(MaintenanceService maintenance, long maxBodyBytes) {
        this.maintenance = maintenance;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/maintenance", this::create, Role.ADMIN);
        routes.get("/api/v1/maintenance", ctx -> ctx.json(new Windows(
                maintenance.list().stream().map(w -> view(w)).toList())), Role.ADMIN);
        routes.delete("/api/v1/maintenance/{id}", ctx -> {
            maintenance.delete(ctx.pathParam("id"));
            ctx.status(204);
        }, Role.ADMIN);
    }

    @Override
    public void describe(ApiDescription api) {
        api.post("/api/v1/maintenance", Role.ADMIN, "Create a maintenance window, one-off or recurring")
                .takes(WindowRequest.class, "a one-off window (startsAt, endsAt) or a recurring one (cron, duration,"
                        + " timeZone); check left out: every check")
                .answers(201, WindowView.class, "created; every check is decided again at once")
                .fails(400, "a bad field, named with what is allowed; nothing stored")
                .fails(409, "too many windows");
        api.get("/api/v1/maintenance", Role.ADMIN, "Every maintenance window")
                .answers(200, Windows.class, "the windows");
        api.delete("/api/v1/maintenance/{id}", Role.ADMIN, "Delete a window; every check is decided again at once")
                .path("id", "the window's id (mw_…)")
                .empty(204, "deleted").fails(404, "no window of that id");
    }

    /** A window as the admin sends it (read field by field by {@link MaintenanceService}). */
    record WindowRequest(String check, Instant startsAt, Instant endsAt, String cron, String duration,
            String timeZone, String reason) {}

    private void create(Context ctx) {
        MaintenanceWindow w = maintenance.create(Bodies.read(ctx, maxBodyBytes, "the maintenance window"));
        ctx.status(201).json(view(w));
    }

    record Windows(List<WindowView> windows) {}

    /** A window as the admin sees it: its duration as the check language writes durations, its zone by id. */
    record WindowView(String id, String check, Instant startsAt, Instant endsAt, String cron, String duration,
            String timeZone, String reason, Instant createdAt) {}

    private static WindowView view(MaintenanceWindow w) {
        return new WindowView(w.id(), w.check(), w.startsAt(), w.endsAt(), w.cron(),
                w.duration() == null ? null : org.glassprobe.scenarios.model.Durations.format(w.duration()),
                w.timeZone() == null ? null : w.timeZone().getId(), w.reason(), w.createdAt());
    }
}
