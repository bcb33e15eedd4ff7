package org.glassprobe.api.journey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.annotation.Nullable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.checks.CheckStore;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.QueryParams;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.scenarios.model.Durations;

/**
 * {@code GET /api/v1/probe/journeys/{check}}: a reader's newest object of its journey, waited for
 * up to {@code wait} when it is older than {@code round}; and {@code GET
 * /api/v1/checks/{name}/propagation}: the journey's propagation per reading region.
 */
public final class JourneyRoutes implements RouteGroup {
    /** The longest period a propagation read covers. */
    static final Duration MAX_PERIOD = Duration.ofDays(400);
    private static final Duration DEFAULT_PERIOD = Duration.ofHours(24);

    private final JourneyService journeys;
    private final Function<Set<String>, Map<String, CheckStore.Assignment>> assignments;
    private final Predicate<String> checkExists;
    private final Clock clock;

    /**
     * @param assignments where each named check runs (no entry: no such check): a probe reads only
     *                    its own region's journeys
     */
    public JourneyRoutes(JourneyService journeys, Function<Set<String>, Map<String, CheckStore.Assignment>> assignments,
            Predicate<String> checkExists, Clock clock) {
        this.journeys = journeys;
        this.assignments = assignments;
        this.checkExists = checkExists;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/probe/journeys/{check}", this::newest, Role.PROBE);
        routes.get("/api/v1/checks/{name}/propagation", this::propagation, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/api/v1/probe/journeys/{check}", Role.PROBE, "A journey's newest object, for a reader of the"
                        + " probe's region; waits for one of the round asked for")
                .path("check", "the check's name; it must run in the probe's region")
                .query("round", "an ISO-8601 instant: while the newest object is of an older round (or there is none),"
                        + " wait for a newer one; absent: answer at once")
                .query("wait", "how long to wait at most: 0 (default) to " + Durations.format(JourneyService.MAX_WAIT)
                        + ", as 500ms, 5s; answered at once when too many readers wait already")
                .answers(200, NewestView.class, "the newest object (null when none was published) and the sha256 of"
                        + " the one before it")
                .fails(400, "a bad round or wait, named; nothing changed")
                .fails(404, "no check of that name, or it does not run in the probe's region");
        api.get("/api/v1/checks/{name}/propagation", Role.PUBLIC, "A journey's propagation per reading region")
                .path("name", "the check's name")
                .query("from", "an ISO-8601 instant; default: 24 h before to")
                .query("to", "an ISO-8601 instant; default: now; at most 400 days after from")
                .answers(200, Propagation.class, "per reading region: counts, p50, p95 and max, each read within the"
                        + " raw retention and hour roll-ups before it")
                .fails(400, "a bad from or to, named").fails(404, "no check of that name");
    }

    /** The writer of an object: its probe and region. */
    record WriterView(String probe, String region) {}

    /** An object as a reader is given it, as the reader's result repeats it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ObjectView(String id, Instant round, WriterView writer, String url, String sha256, long size,
            @Nullable String contentType, Instant uploadedAt) {
        static ObjectView of(JourneyObject o) {
            return new ObjectView(o.id().toString(), o.round(), new WriterView(o.probe(), o.region()), o.url(),
                    o.sha256(), o.size(), o.contentType(), o.uploadedAt());
        }
    }

    /** The answer to a reader: the newest object (null: none yet) and the sha256 of the object before it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record NewestView(@Nullable ObjectView object, @Nullable String previousSha256) {
        static NewestView of(JourneyService.Newest n) {
            return new NewestView(n.object().map(ObjectView::of).orElse(null), n.previousSha256());
        }
    }

    private void newest(Context ctx) {
        var probe = AccessControl.probe(ctx);
        String check = ctx.pathParam("check");
        Instant round = QueryParams.instant(ctx, "round", null);
        Duration wait = QueryParams.waitOf(ctx.queryParam("wait"), JourneyService.MAX_WAIT);
        CheckStore.Assignment assigned = assignments.apply(Set.of(check)).get(check);
        if (assigned == null) {
            throw ApiException.notFound("no check named '" + check + "'");
        }
        if (!assigned.runsIn(probe.region())) {
            throw ApiException.notFound("check '" + check + "' does not run in region '" + probe.region() + "' (it runs"
                    + " in " + String.join(", ", assigned.regions()) + ")");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.future(() -> journeys.newest(check, round, wait).thenAccept(n -> ctx.json(NewestView.of(n))));
    }


    private void propagation(Context ctx) {
        String check = ctx.pathParam("name");
        if (!checkExists.test(check)) {
            throw ApiException.notFound("no check named '" + check + "'");
        }
        Instant to = QueryParams.instant(ctx, "to", clock.instant());
        Instant from = QueryParams.instant(ctx, "from", to.minus(DEFAULT_PERIOD));
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("query parameter from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw ApiException.badRequest("from (" + from + ") to (" + to + ") is longer than "
                    + MAX_PERIOD.toDays() + " days, the longest period a propagation covers");
        }
        ctx.json(journeys.propagation(check, from, to));
    }
}
