package org.glassprobe.api.probes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.auth.Tokens;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.http.Paging;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.liveness.ProbeEvent;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Enrolment and management of probes (admin): enrol, list, events, new token, remove. */
public final class ProbeRoutes implements RouteGroup {
    /** Probe names: letters, digits, dot, dash, underscore; 1 to 64. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Regions as the check language writes them. */
    public static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_LABELS = 32;
    private static final int MAX_LABEL_VALUE = 256;
    private static final Set<String> FIELDS = Set.of("name", "region", "labels");

    private final Logger logger = LoggerFactory.getLogger(ProbeRoutes.class);
    private final ProbeStore store;
    private final Tokens tokens;
    private final ObjectMapper json;
    private final Clock clock;

    public ProbeRoutes(ProbeStore store, Tokens tokens, ObjectMapper json, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/probes", this::enrol, Role.ADMIN);
        routes.get("/api/v1/probes", this::list, Role.ADMIN);
        routes.get("/api/v1/probes/{name}/events", this::events, Role.ADMIN);
        routes.post("/api/v1/probes/{name}/token", this::newToken, Role.ADMIN);
        routes.delete("/api/v1/probes/{name}", this::remove, Role.ADMIN);
    }

    @Override
    public void describe(ApiDescription api) {
        api.post("/api/v1/probes", Role.ADMIN, "Enrol a probe: its name, region and labels")
                .takes(Enrolment.class, "unknown fields are refused")
                .answers(201, Enrolled.class, "enrolled; the token is shown only here")
                .fails(400, "not JSON, an unknown field, or a name, region or label that breaks its rule")
                .fails(409, "a probe of that name is enrolled");
        api.get("/api/v1/probes", Role.ADMIN, "Every probe with its liveness and its last heartbeat, by name")
                .paged(Paging.DEFAULT_LIMIT, Paging.MAX_LIMIT)
                .answers(200, ProbeList.class, "the probes");
        api.get("/api/v1/probes/{name}/events", Role.ADMIN, "A probe's liveness changes, newest first")
                .path("name", "the probe's name")
                .paged(Paging.DEFAULT_LIMIT, Paging.MAX_LIMIT)
                .answers(200, Events.class, "the changes")
                .fails(404, "no probe of that name");
        api.post("/api/v1/probes/{name}/token", Role.ADMIN, "A new token for the probe; the old one stops working")
                .path("name", "the probe's name")
                .answers(200, NewToken.class, "the new token, shown only here")
                .fails(404, "no probe of that name");
        api.delete("/api/v1/probes/{name}", Role.ADMIN, "Remove a probe; its results stay")
                .path("name", "the probe's name")
                .empty(204, "removed").fails(404, "no probe of that name");
    }

    /** An enrolment as the admin sends it. */
    record Enrolment(String name, String region, Map<String, String> labels) {
        /** The enrolment in the body; a 400 naming the field and the rule for anything else. */
        static Enrolment read(ObjectMapper json, byte[] bytes) {
            JsonNode body;
            try {
                body = json.readTree(bytes);
            } catch (IOException e) {
                throw ApiException.badRequest("the enrolment is not valid JSON: " + e.getMessage());
            }
            if (body == null || !body.isObject()) {
                throw ApiException.badRequest("an enrolment is a JSON object: {\"name\": \"eu-west-1\", \"region\":"
                        + " \"eu-west\", \"labels\": {\"dc\": \"fra1\"}}");
            }
            body.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    throw ApiException.badRequest("unknown field '" + f + "' in the enrolment; known: labels, name,"
                            + " region");
                }
            });
            String name = required(body, "name", NAME, "1 to 64 letters, digits, '.', '-' or '_', starting with a"
                    + " letter or digit");
            String region = required(body, "region", REGION, "lower-case letters, digits and '-', up to 32, as in a"
                    + " check's regions");
            return new Enrolment(name, region, ProbeRoutes.labels(body.get("labels")));
        }
    }

    /** The answer to an enrolment: the probe and its token, shown only here. */
    record Enrolled(String name, String region, Map<String, String> labels, String token, Instant enrolledAt) {}

    /** The answer to a new token. */
    record NewToken(String name, String region, String token) {}

    /** A page of probes by name. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProbeList(List<ProbeView> probes, @Nullable String nextCursor) {}

    /** A probe's liveness changes, newest first. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Events(String probe, List<Event> events, @Nullable String nextCursor) {}

    /** One change; {@code lastHeartbeatAt} is null when there was none yet. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Event(Instant at, String from, String to, @Nullable Instant lastHeartbeatAt) {}

    private void enrol(Context ctx) {
        Enrolment enrolment = Enrolment.read(json, Bodies.read(ctx, 64 * 1024, "an enrolment"));
        String name = enrolment.name();
        String region = enrolment.region();
        String token = tokens.newToken("gpp_");
        Probe probe;
        try {
            probe = store.enrol(name, region, enrolment.labels(), Tokens.hash(token), clock.instant());
        } catch (ProbeStore.DuplicateProbeException e) {
            throw new ApiException(409, e.getMessage() + "; pick another name, or give it a new token with POST"
                    + " /api/v1/probes/{name}/token");
        }
        logger.atInfo().addKeyValue("probe", name).addKeyValue("region", region).log("probe enrolled");
        ctx.status(201).json(new Enrolled(probe.name(), probe.region(), probe.labels(), token, probe.enrolledAt()));
    }

    private static String required(JsonNode body, String field, Pattern pattern, String rule) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("the enrolment needs '" + field + "'");
        }
        if (!v.isTextual() || !pattern.matcher(v.asText()).matches()) {
            throw ApiException.badRequest("'" + field + "' must be " + rule + "; found " + v);
        }
        return v.asText();
    }

    private static Map<String, String> labels(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("'labels' must be an object of strings, found " + node);
        }
        if (node.size() > MAX_LABELS) {
            throw ApiException.badRequest("'labels' has " + node.size() + " entries; at most " + MAX_LABELS);
        }
        Map<String, String> labels = new TreeMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!LABEL_KEY.matcher(e.getKey()).matches()) {
                throw ApiException.badRequest("label name '" + e.getKey() + "' must be 1 to 64 letters, digits, '_',"
                        + " '.' or '-'");
            }
            JsonNode v = e.getValue();
            if (!v.isTextual() || v.asText().length() > MAX_LABEL_VALUE
                    || v.asText().chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("label '" + e.getKey() + "' must be a string of at most "
                        + MAX_LABEL_VALUE + " characters without control characters, found " + v);
            }
            labels.put(e.getKey(), v.asText());
        }
        return labels;
    }

    private void list(Context ctx) {
        // the API reads every probe for its liveness work anyway: a page is a slice of that
        Paging.Page<ProbeView> page = Paging.slice(store.list().stream().map(ProbeView::of).toList(),
                Paging.read(ctx, "probes"), "probes", ProbeView::name, false);
        ctx.json(new ProbeList(page.items(), page.nextCursor()));
    }

    private void events(Context ctx) {
        Probe probe = existing(ctx.pathParam("name"));
        Paging.Request asked = Paging.read(ctx, "events");
        Long before = asked.after() == null ? null : Paging.number(asked.after());
        Paging.Page<ProbeEvent> page = Paging.of(store.events(probe.id(), before, asked.limit() + 1), asked.limit(), "events",
                e -> Long.toString(e.id()));
        ctx.json(new Events(probe.name(), page.items().stream().map(e -> new Event(e.at(), e.from().wireName(),
                e.to().wireName(), e.lastHeartbeatAt())).toList(), page.nextCursor()));
    }

    private void newToken(Context ctx) {
        Probe probe = existing(ctx.pathParam("name"));
        String token = tokens.newToken("gpp_");
        store.replaceToken(probe.name(), Tokens.hash(token));
        logger.atInfo().addKeyValue("probe", probe.name()).log("probe token replaced");
        ctx.json(new NewToken(probe.name(), probe.region(), token));
    }

    private void remove(Context ctx) {
        String name = ctx.pathParam("name");
        if (!store.delete(name)) {
            throw ApiException.notFound("no probe named '" + name + "'");
        }
        logger.atInfo().addKeyValue("probe", name).log("probe removed");
        ctx.status(204);
    }

    private Probe existing(String name) {
        return store.find(name).orElseThrow(() -> ApiException.notFound("no probe named '" + name + "'"));
    }
}
