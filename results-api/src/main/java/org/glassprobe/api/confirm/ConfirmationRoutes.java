package org.glassprobe.api.confirm;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.QueryParams;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.scenarios.model.Durations;

/**
 * {@code GET /api/v1/probe/commands}: a probe's command channel (a long-poll that holds no HTTP
 * thread); {@code GET /api/v1/checks/{name}/confirmations}: a check's latest confirmation rounds.
 */
public final class ConfirmationRoutes implements RouteGroup {
    /** Command ids a probe may say it has. */
    static final int MAX_HAVE = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int DEFAULT_ROUNDS = 20;
    private static final int MAX_ROUNDS = 100;

    private final ConfirmationService confirmations;
    private final Function<String, String> checksEtag;
    private final Predicate<String> checkExists;

    /** @param checksEtag the ETag of a region's assignment, as {@code GET /api/v1/probe/checks} gives it */
    public ConfirmationRoutes(ConfirmationService confirmations, Function<String, String> checksEtag,
            Predicate<String> checkExists) {
        this.confirmations = confirmations;
        this.checksEtag = checksEtag;
        this.checkExists = checkExists;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/probe/commands", this::commands, Role.PROBE);
        routes.get("/api/v1/checks/{name}/confirmations", this::rounds, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/api/v1/probe/commands", Role.PROBE, "The probe's pending commands (run a check now: a confirmation"
                        + " run); waits for a new one")
                .query("wait", "how long to wait for a command not in have: 0 (default) to "
                        + Durations.format(ConfirmationService.MAX_WAIT) + ", as 500ms, 25s")
                .query("have", "the command ids the probe already has, comma-separated, at most " + MAX_HAVE)
                .answers(200, CommandsView.class, "the pending commands and the ETag of the probe's checks")
                .fails(400, "a bad wait or have, named; nothing changed");
        api.get("/api/v1/checks/{name}/confirmations", Role.PUBLIC, "A check's latest confirmation rounds")
                .path("name", "the check's name")
                .query("limit", "rounds, newest first: 1 to " + MAX_ROUNDS + " (default " + DEFAULT_ROUNDS + ")")
                .answers(200, RoundsView.class, "each round's reason, trigger, asked probes and their answers")
                .fails(400, "a bad limit").fails(404, "no check of that name");
    }

    /** What caused a command or a round. */
    record TriggerView(String probe, String region, String result, Instant startedAt) {
        static TriggerView of(Round.Trigger t) {
            return new TriggerView(t.probe(), t.region(), t.result(), t.startedAt());
        }
    }

    /** A command as a probe is given it. */
    record CommandView(String id, String type, String check, String reason, Instant deadline, TriggerView trigger) {}

    /** The answer on the command channel. */
    record CommandsView(List<CommandView> commands, String checksEtag) {}

    /** A probe asked in a round, and its answer. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AskView(String probe, String region, @Nullable Instant answeredAt, @Nullable String result,
            @Nullable Boolean ok) {}

    /** A round as the API shows it. */
    record RoundView(String id, String reason, TriggerView trigger, Instant createdAt, Instant deadline,
            List<AskView> asked, List<String> skipped, boolean answered) {}

    /** A check's latest rounds. */
    record RoundsView(String check, List<RoundView> rounds) {}

    private void commands(Context ctx) {
        var probe = AccessControl.probe(ctx);
        Duration wait = QueryParams.waitOf(ctx.queryParam("wait"), ConfirmationService.MAX_WAIT);
        Set<String> have = haveOf(ctx.queryParam("have"));
        ctx.header("Cache-Control", "no-store");
        ctx.future(() -> confirmations.commands(probe.name(), have, wait).thenAccept(commands -> ctx.json(
                new CommandsView(commands.stream().map(c -> new CommandView(c.id(), c.type(), c.check(), c.reason(),
                        c.deadline(), TriggerView.of(c.trigger()))).toList(), checksEtag.apply(probe.region())))));
    }


    static Set<String> haveOf(String text) {
        Set<String> have = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return have;
        }
        for (String id : text.split(",", -1)) {
            if (!ID.matcher(id).matches()) {
                throw ApiException.badRequest("query parameter have must list command ids (letters, digits and '-',"
                        + " comma-separated), found '" + QueryParams.shorten(id) + "'");
            }
            have.add(id);
        }
        if (have.size() > MAX_HAVE) {
            throw ApiException.badRequest("query parameter have lists " + have.size() + " ids; at most " + MAX_HAVE
                    + " (the probe sends only the commands still pending)");
        }
        return have;
    }

    private void rounds(Context ctx) {
        String check = ctx.pathParam("name");
        int limit = QueryParams.limit(ctx, DEFAULT_ROUNDS, MAX_ROUNDS);
        if (!checkExists.test(check)) {
            throw ApiException.notFound("no check named '" + check + "'");
        }
        ctx.json(new RoundsView(check, confirmations.recent(check, limit).stream().map(r -> new RoundView(r.id(),
                r.reason(), TriggerView.of(r.trigger()), r.createdAt(), r.deadline(), r.asks().stream()
                        .map(a -> new AskView(a.probe(), a.region(), a.answeredAt(), a.result(), a.ok())).toList(),
                r.skipped(), r.answered())).toList()));
    }
}
