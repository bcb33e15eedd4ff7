package org.glassprobe.api.outage;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/**
 * {@code GET /api/v1/outages} (public: it is what the uptime page shows): every check's decided
 * state with its regions', and the incidents, newest first; {@code GET /api/v1/outages/{id}}: one.
 */
public final class OutageRoutes implements RouteGroup {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final CheckStates states;
    private final OutageStore store;

    public OutageRoutes(CheckStates states, OutageStore store) {
        this.states = states;
        this.store = store;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/outages", this::list, Role.PUBLIC);
        routes.get("/api/v1/outages/{id}", this::one, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/api/v1/outages", Role.PUBLIC, "Every check's decided state, and the incidents, newest first")
                .query("check", "only this check")
                .query("kind", "outage (default), regional, degraded, regional_degraded, or all")
                .query("limit", "integer", "1 to 500, default 50 incidents")
                .answers(200, Outages.class, "states and incidents")
                .fails(400, "a bad kind or limit").fails(404, "no check of that name");
        api.get("/api/v1/outages/{id}", Role.PUBLIC, "One incident")
                .path("id", "the incident's id")
                .answers(200, IncidentView.class, "the incident").fails(404, "no incident of that id");
    }

    private void list(Context ctx) {
        String check = ctx.queryParam("check");
        Set<IncidentKind> kinds = kinds(ctx.queryParam("kind"));
        int limit = limit(ctx.queryParam("limit"));
        List<CheckStateView> checks = new ArrayList<>();
        if (check == null) {
            states.all().forEach(s -> checks.add(view(s)));
        } else {
            states.of(check).ifPresentOrElse(s -> checks.add(view(s)), () -> {
                throw ApiException.notFound("no check named '" + check + "'");
            });
        }
        ctx.json(new Outages(checks, store.incidents(check, kinds, limit).stream().map(OutageRoutes::view).toList()));
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(store.incident(id).map(OutageRoutes::view)
                .orElseThrow(() -> ApiException.notFound("no incident with id '" + id + "'")));
    }

    private static Set<IncidentKind> kinds(String text) {
        if (text == null || text.equals("outage")) {
            return EnumSet.of(IncidentKind.OUTAGE);
        }
        if (text.equals("all")) {
            return EnumSet.allOf(IncidentKind.class);
        }
        for (IncidentKind k : IncidentKind.values()) {
            if (k.wireName().equals(text)) {
                return EnumSet.of(k);
            }
        }
        throw ApiException.badRequest("kind must be outage (the default), regional, degraded, regional_degraded or all;"
                + " found '" + text + "'");
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + "; found '" + text + "'");
    }

    /** Every check's decided state, and the incidents asked for. */
    record Outages(List<CheckStateView> checks, List<IncidentView> incidents) {}

    record CheckStateView(String check, String state, Instant since, List<RegionStateView> regions) {}

    /** A region's state; {@code lastError} as stored (the page leaves a stale one out, this route does not). */
    record RegionStateView(String region, String state, Instant since, String lastError) {}

    /**
     * An incident: {@code resolvedAt}, {@code durationSeconds}, {@code runs} and {@code failedRuns}
     * once it ended, {@code clearSince} while it is open and clear; then what kept it open
     * ({@code topErrors}, {@code lastError}, {@code lastErrorAt}).
     */
    record IncidentView(String id, String kind, String check, Instant openedAt, Instant resolvedAt,
            Double durationSeconds, List<String> regions, String firstResultId, String errorSummary, boolean flapping,
            int flaps, Integer runs, Integer failedRuns, Instant clearSince, List<IncidentErrors.Count> topErrors,
            String lastError, Instant lastErrorAt) {}

    static CheckStateView view(CheckStates.CheckState s) {
        return new CheckStateView(s.check(), s.state().name().toLowerCase(Locale.ROOT), s.since(),
                s.regions().stream().map(r -> new RegionStateView(r.region(), r.state().name().toLowerCase(Locale.ROOT),
                        r.since(), r.lastError())).toList());
    }

    static IncidentView view(IncidentRecord i) {
        return new IncidentView(i.id(), i.kind().wireName(), i.check(), i.openedAt(), i.resolvedAt(),
                i.resolvedAt() == null ? null
                        : java.time.Duration.between(i.openedAt(), i.resolvedAt()).toMillis() / 1000.0,
                i.regions(), i.firstResultId(), i.errorSummary(), i.flapping(), i.flaps(), i.open() ? null : i.runs(),
                i.open() ? null : i.failedRuns(), i.open() && i.clearedAt() != null ? i.clearedAt() : null,
                i.errors().mostFrequent(), i.errors().last(), i.errors().lastAt());
    }
}
