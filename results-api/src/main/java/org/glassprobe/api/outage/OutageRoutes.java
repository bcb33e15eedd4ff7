package org.glassprobe.api.outage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Paging;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/**
 * {@code GET /api/v1/outages} (public: it is what the uptime page shows): every check's decided
 * state with its regions', and the incidents, newest first; {@code GET /api/v1/outages/{id}}: one.
 */
public final class OutageRoutes implements RouteGroup {
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
                .paged(Paging.DEFAULT_LIMIT, Paging.MAX_LIMIT)
                .answers(200, Outages.class, "every check's state, and a page of incidents")
                .fails(400, "a bad kind, limit or cursor").fails(404, "no check of that name");
        api.get("/api/v1/outages/{id}", Role.PUBLIC, "One incident")
                .path("id", "the incident's id")
                .answers(200, IncidentView.class, "the incident").fails(404, "no incident of that id");
    }

    private void list(Context ctx) {
        String check = ctx.queryParam("check");
        Set<IncidentKind> kinds = kinds(ctx.queryParam("kind"));
        Paging.Request asked = Paging.read(ctx, "incidents");
        OutageStore.IncidentKey before = asked.after() == null ? null : incidentKey(asked.after());
        List<CheckStateView> checks = new ArrayList<>();
        if (check == null) {
            states.all().forEach(s -> checks.add(view(s)));
        } else {
            states.of(check).ifPresentOrElse(s -> checks.add(view(s)), () -> {
                throw ApiException.notFound("no check named '" + check + "'");
            });
        }
        Paging.Page<IncidentRecord> page = Paging.of(store.incidents(check, kinds, before, asked.limit() + 1),
                asked.limit(), "incidents", i -> i.openedAt().toEpochMilli() + ":" + i.id());
        ctx.json(new Outages(checks, page.items().stream().map(OutageRoutes::view).toList(), page.nextCursor()));
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

    private static OutageStore.IncidentKey incidentKey(String key) {
        int colon = key.indexOf(':');
        if (colon < 0 || colon == key.length() - 1) {
            throw Paging.badCursor(key);
        }
        return new OutageStore.IncidentKey(Paging.number(key.substring(0, colon)), key.substring(colon + 1));
    }

    /** Every check's decided state (whole), and a page of the incidents asked for. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Outages(List<CheckStateView> checks, List<IncidentView> incidents, @Nullable String nextCursor) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CheckStateView(String check, String state, Instant since, List<RegionStateView> regions) {}

    /** A region's state; {@code lastError} as stored (the page leaves a stale one out, this route does not). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RegionStateView(String region, String state, Instant since, @Nullable String lastError) {}

    /**
     * An incident: {@code resolvedAt}, {@code durationMs}, {@code runs} and {@code failedRuns}
     * once it ended, {@code clearSince} while it is open and clear; then what kept it open
     * ({@code topErrors}, {@code lastError}, {@code lastErrorAt}).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IncidentView(String id, String kind, String check, Instant openedAt, @Nullable Instant resolvedAt,
            @Nullable Long durationMs, List<String> regions, String firstResultId, String errorSummary,
            boolean flapping, int flaps, @Nullable Integer runs, @Nullable Integer failedRuns,
            @Nullable Instant clearSince, List<IncidentErrors.Count> topErrors, @Nullable String lastError,
            @Nullable Instant lastErrorAt) {}

    static CheckStateView view(CheckStates.CheckState s) {
        return new CheckStateView(s.check(), s.state().name().toLowerCase(Locale.ROOT), s.since(),
                s.regions().stream().map(r -> new RegionStateView(r.region(), r.state().name().toLowerCase(Locale.ROOT),
                        r.since(), r.lastError())).toList());
    }

    static IncidentView view(IncidentRecord i) {
        return new IncidentView(i.id(), i.kind().wireName(), i.check(), i.openedAt(), i.resolvedAt(),
                i.resolvedAt() == null ? null : java.time.Duration.between(i.openedAt(), i.resolvedAt()).toMillis(),
                i.regions(), i.firstResultId(), i.errorSummary(), i.flapping(), i.flaps(), i.open() ? null : i.runs(),
                i.open() ? null : i.failedRuns(), i.open() && i.clearedAt() != null ? i.clearedAt() : null,
                i.errors().mostFrequent(), i.errors().last(), i.errors().lastAt());
    }
}
