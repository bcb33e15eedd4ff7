package org.glassprobe.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Paging;
import org.glassprobe.api.http.QueryParams;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.api.probes.ProbeRoutes;
import org.glassprobe.scenarios.result.CheckResult;

/**
 * {@code GET /api/v1/checks/{name}/results}: a check's raw results, newest first, in pages
 * (keyset cursor), and {@code GET /api/v1/checks/{name}/summary}: uptime and latency per region.
 */
public final class ResultRoutes implements RouteGroup {
    private final ResultQueries results;
    private final SummaryService summaries;
    private final Predicate<String> checkExists;
    private final Clock clock;
    private final ApiConfig.Query limits;
    private final Duration rawRetention;

    /** What the query routes need besides their stores. */
    public record Options(ApiConfig.Query limits, Duration rawRetention, Clock clock) {}

    public ResultRoutes(ResultQueries results, SummaryService summaries, Predicate<String> checkExists, Options options) {
        this.results = results;
        this.summaries = summaries;
        this.checkExists = checkExists;
        this.clock = options.clock();
        this.limits = options.limits();
        this.rawRetention = options.rawRetention();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/checks/{name}/results", this::page, Role.ADMIN);
        routes.get("/api/v1/checks/{name}/summary", this::summary, Role.PUBLIC);
        routes.get("/api/v1/checks/{name}/series", this::series, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/api/v1/checks/{name}/results", Role.ADMIN, "A check's raw results, newest first, a page at a time")
                .path("name", "the check's name")
                .query("from", "an ISO-8601 instant; default: the raw retention back")
                .query("to", "an ISO-8601 instant; default: now + 1 h")
                .query("region", "only this region's results")
                .paged(limits.defaultLimit(), limits.maxLimit())
                .answers(200, Page.class, "a page of results")
                .fails(400, "a bad parameter, named").fails(404, "no check of that name");
        api.get("/api/v1/checks/{name}/summary", Role.PUBLIC, "Uptime, errors and latency percentiles over a period")
                .path("name", "the check's name")
                .query("period", "1h, 24h (default), 7d, 30d or 90d")
                .answers(200, Summary.class, "overall and per region")
                .fails(400, "a bad period").fails(404, "no check of that name");
        api.get("/api/v1/checks/{name}/series", Role.PUBLIC, "Latency percentiles and counts per time step")
                .path("name", "the check's name")
                .query("period", "1h, 24h (default), 7d, 30d or 90d")
                .query("step", "1m, 5m, 15m, 1h (default), 6h or 1d; at most 1440 steps")
                .answers(200, Series.class, "one point per step, per region")
                .fails(400, "a bad period or step").fails(404, "no check of that name");
    }

    /** One result in a page: who sent it, when it arrived, and the result exactly as received. */
    record Item(String probe, String region, Instant receivedAt,
            @Schema(implementation = CheckResult.class) @JsonRawValue String result) {}

    /** A page of results, newest first; {@code nextCursor} is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Page(String check, List<Item> results, @Nullable String nextCursor) {}

    private void page(Context ctx) {
        String check = existing(ctx.pathParam("name"));
        Instant to = QueryParams.instant(ctx, "to", clock.instant().plusSeconds(3600));
        Instant from = QueryParams.instant(ctx, "from", clock.instant().minus(rawRetention));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("query parameter from (" + from + ") must be before to (" + to + ")");
        }
        String region = ctx.queryParam("region");
        if (region != null && !ProbeRoutes.REGION.matcher(region).matches()) {
            throw ApiException.badRequest("query parameter region must be a region name (lower-case letters, digits,"
                    + " '-'), found '" + QueryParams.shorten(region) + "'");
        }
        Paging.Request asked = Paging.read(ctx, "results", limits.defaultLimit(), limits.maxLimit());
        long[] cursor = asked.after() == null ? null : cursor(asked.after());
        // the cursor is the last row's startedAt and arrival (seq): unique, in the page's order
        Paging.Page<StoredResult> page = Paging.of(results.page(check, from.toEpochMilli(), to.toEpochMilli(), region,
                cursor, asked.limit() + 1), asked.limit(), "results", r -> r.startedAt().toEpochMilli() + ":" + r.seq());
        ctx.json(new Page(check, page.items().stream().map(r -> new Item(r.probe(), r.region(), r.receivedAt(),
                r.body())).toList(), page.nextCursor()));
    }

    private static long[] cursor(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            throw Paging.badCursor(key);
        }
        return new long[] {Paging.number(key.substring(0, colon)), Paging.number(key.substring(colon + 1))};
    }

    private void summary(Context ctx) {
        String check = existing(ctx.pathParam("name"));
        String period = ctx.queryParamMap().containsKey("period") ? ctx.queryParam("period") : "24h";
        Duration length = SummaryService.PERIODS.get(period);
        if (length == null) {
            throw ApiException.badRequest("query parameter period must be one of " + String.join(", ",
                    SummaryService.PERIODS.keySet()) + ", found '" + QueryParams.shorten(String.valueOf(period)) + "'");
        }
        ctx.json(summaries.summarize(check, period, length));
    }

    private void series(Context ctx) {
        String check = existing(ctx.pathParam("name"));
        String period = ctx.queryParamMap().containsKey("period") ? ctx.queryParam("period") : "24h";
        Duration length = SummaryService.PERIODS.get(period);
        if (length == null) {
            throw ApiException.badRequest("query parameter period must be one of " + String.join(", ",
                    SummaryService.PERIODS.keySet()) + ", found '" + QueryParams.shorten(String.valueOf(period)) + "'");
        }
        String step = ctx.queryParamMap().containsKey("step") ? ctx.queryParam("step") : "1h";
        Duration width = SummaryService.STEPS.get(step);
        if (width == null) {
            throw ApiException.badRequest("query parameter step must be one of " + String.join(", ",
                    SummaryService.STEPS.keySet()) + ", found '" + QueryParams.shorten(String.valueOf(step)) + "'");
        }
        try {
            ctx.json(summaries.series(check, period, length, step, width));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private String existing(String name) {
        if (!checkExists.test(name)) {
            throw ApiException.notFound("no check named '" + name + "'");
        }
        return name;
    }
}
