package org.glassprobe.api.outage;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;

/**
 * {@code GET /api/v1/outages} (public: it is what the uptime page shows): every check's decided
 * state with its regions', and the incidents, newest first; {@code GET /api/v1/outages/{id}}: one.
 */
public final class OutageRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final CheckStates states;
    private final OutageStore store;

    public OutageRoutes(CheckStates states, OutageStore store) {
        this.states = states;
        this.store = store;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/outages", this::list, Role.PUBLIC);
        routes.get("/api/v1/outages/{id}", this::one, Role.PUBLIC);
    }

    private void list(Context ctx) {
        String check = ctx.queryParam("check");
        Set<IncidentKind> kinds = kinds(ctx.queryParam("kind"));
        int limit = limit(ctx.queryParam("limit"));
        List<Map<String, Object>> checks = new ArrayList<>();
        if (check == null) {
            states.all().forEach(s -> checks.add(view(s)));
        } else {
            states.of(check).ifPresentOrElse(s -> checks.add(view(s)), () -> {
                throw ApiException.notFound("no check named '" + check + "'");
            });
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("checks", checks);
        body.put("incidents", store.incidents(check, kinds, limit).stream().map(OutageRoutes::view).toList());
        ctx.json(body);
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

    static Map<String, Object> view(CheckStates.CheckState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", s.check());
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        m.put("since", s.since().toString());
        List<Map<String, Object>> regions = new ArrayList<>();
        for (CheckStates.RegionState r : s.regions()) {
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("region", r.region());
            region.put("state", r.state().name().toLowerCase(Locale.ROOT));
            region.put("since", r.since() == null ? null : r.since().toString());
            region.put("lastError", r.lastError());
            regions.add(region);
        }
        m.put("regions", regions);
        return m;
    }

    static Map<String, Object> view(IncidentRecord i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("kind", i.kind().wireName());
        m.put("check", i.check());
        m.put("openedAt", i.openedAt().toString());
        m.put("resolvedAt", i.resolvedAt() == null ? null : i.resolvedAt().toString());
        m.put("durationSeconds", i.resolvedAt() == null ? null
                : java.time.Duration.between(i.openedAt(), i.resolvedAt()).toMillis() / 1000.0);
        m.put("regions", i.regions());
        m.put("firstResultId", i.firstResultId());
        m.put("errorSummary", i.errorSummary());
        m.put("flapping", i.flapping());
        m.put("flaps", i.flaps());
        m.put("runs", i.open() ? null : i.runs());
        m.put("failedRuns", i.open() ? null : i.failedRuns());
        m.put("clearSince", i.open() && i.clearedAt() != null ? i.clearedAt().toString() : null);
        putErrors(m, i.errors());
        return m;
    }

    /** What kept an incident open: {@code topErrors} ({@code [{"message", "runs"}]}), {@code lastError}, {@code lastErrorAt}. */
    static void putErrors(Map<String, Object> incident, IncidentErrors errors) {
        List<Map<String, Object>> top = new ArrayList<>();
        for (IncidentErrors.Count c : errors.mostFrequent()) {
            Map<String, Object> count = new LinkedHashMap<>();
            count.put("message", c.message());
            count.put("runs", c.runs());
            top.add(count);
        }
        incident.put("topErrors", top);
        incident.put("lastError", errors.last());
        incident.put("lastErrorAt", errors.lastAt() == null ? null : errors.lastAt().toString());
    }
}
