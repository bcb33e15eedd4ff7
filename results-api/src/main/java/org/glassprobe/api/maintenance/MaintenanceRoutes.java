package org.glassprobe.api.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.http.Paging;

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
        routes.get("/api/v1/maintenance", this::list, Role.ADMIN);
        routes.delete("/api/v1/maintenance/{id}", ctx -> {
            maintenance.delete(ctx.pathParam("id"));
            ctx.status(204);
        }, Role.ADMIN);
    }

    private void create(Context ctx) {
        MaintenanceWindow w = maintenance.create(Bodies.read(ctx, maxBodyBytes, "the maintenance window"));
        ctx.status(201).json(view(w));
    }

    private void list(Context ctx) {
        // every window is read for the decisions anyway: a page is a slice of them, oldest first
        Paging.Page<WindowView> page = Paging.slice(maintenance.list().stream().map(w -> view(w)).toList(),
                Paging.read(ctx, "windows"), "windows", w -> Paging.sortable(w.createdAt().toEpochMilli()) + ":" + w.id(), false);
        ctx.json(new Windows(page.items(), page.nextCursor()));
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Windows(List<WindowView> windows, String nextCursor) {}

    /** A window as the admin sees it: its duration in milliseconds, as every answer gives durations; its zone by id. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WindowView(String id, String check, Instant startsAt, Instant endsAt, String cron, Long durationMs,
            String timeZone, String reason, Instant createdAt) {}

    private static WindowView view(MaintenanceWindow w) {
        return new WindowView(w.id(), w.check(), w.startsAt(), w.endsAt(), w.cron(),
                w.duration() == null ? null : w.duration().toMillis(),
                w.timeZone() == null ? null : w.timeZone().getId(), w.reason(), w.createdAt());
    }
}
