package org.glassprobe.api.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.http.Paging;
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
        routes.get("/api/v1/maintenance", this::list, Role.ADMIN);
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
                .paged(Paging.DEFAULT_LIMIT, Paging.MAX_LIMIT)
                .answers(200, Windows.class, "the windows, oldest first");
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

    private void list(Context ctx) {
        // every window is read for the decisions anyway: a page is a slice of them, oldest first
        Paging.Page<WindowView> page = Paging.slice(maintenance.list().stream().map(w -> view(w)).toList(),
                Paging.read(ctx, "windows"), "windows",
                w -> Paging.sortable(w.createdAt().toEpochMilli()) + ":" + w.id(), false);
        ctx.json(new Windows(page.items(), page.nextCursor()));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Windows(List<WindowView> windows, @Nullable String nextCursor) {}

    /** A window as the admin sees it: its duration in milliseconds, as every answer gives durations; its zone by id. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WindowView(String id, @Nullable String check, @Nullable Instant startsAt, @Nullable Instant endsAt,
            @Nullable String cron, @Nullable Long durationMs, @Nullable String timeZone, @Nullable String reason,
            Instant createdAt) {}

    private static WindowView view(MaintenanceWindow w) {
        return new WindowView(w.id(), w.check(), w.startsAt(), w.endsAt(), w.cron(),
                w.duration() == null ? null : w.duration().toMillis(),
                w.timeZone() == null ? null : w.timeZone().getId(), w.reason(), w.createdAt());
    }
}
