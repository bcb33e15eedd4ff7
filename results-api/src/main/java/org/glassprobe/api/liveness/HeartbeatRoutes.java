package org.glassprobe.api.liveness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.metrics.ApiMetrics;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/** {@code POST /api/v1/probe/heartbeat}: a probe says it is alive, and how it is doing. */
public final class HeartbeatRoutes implements RouteGroup {
    static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_ERROR = 2000;

    private final LivenessService liveness;
    private final ApiMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Function<String, String> checksEtag;

    public HeartbeatRoutes(LivenessService liveness, ApiMetrics metrics, ObjectMapper json, Clock clock,
            Function<String, String> checksEtag) {
        this.liveness = liveness;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.checksEtag = checksEtag;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/probe/heartbeat", this::heartbeat, Role.PROBE);
    }

    @Override
    public void describe(ApiDescription api) {
        api.post("/api/v1/probe/heartbeat", Role.PROBE, "A probe says it is alive, and how it is doing")
                .takes(Beat.class, "at most 16 KiB; every field optional, unknown fields ignored")
                .answers(200, Ack.class, "heard; checksEtag changed means the probe's checks changed")
                .fails(400, "not JSON, or a field of the wrong type").fails(403, "the body names another probe"
                        + " or region");
    }

    private void heartbeat(Context ctx) {
        Caller.ProbeCaller probe = AccessControl.probe(ctx);
        JsonNode body = parse(Bodies.read(ctx, MAX_BYTES, "a heartbeat"));
        for (String identity : new String[] {"probe", "name"}) {
            if (body.hasNonNull(identity) && !body.get(identity).asText().equals(probe.name())) {
                throw new ApiException(403, "the heartbeat names probe '" + body.get(identity).asText()
                        + "' but the token is probe '" + probe.name() + "'s: a probe posts only as itself");
            }
        }
        if (body.hasNonNull("region") && !body.get("region").asText().equals(probe.region())) {
            throw new ApiException(403, "the heartbeat names region '" + body.get("region").asText()
                    + "' but probe '" + probe.name() + "' is enrolled in '" + probe.region() + "'");
        }
        String error = text(body, "lastError", Integer.MAX_VALUE);
        Heartbeat beat = new Heartbeat(text(body, "version", 100), instant(body, "startedAt"),
                whole(body, "spoolDepth"), intValue(body, "checksRunning"),
                error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…",
                instant(body, "clock"), number(body, "latenessP50Ms"), number(body, "latenessP99Ms"),
                whole(body, "missedRuns"));
        liveness.heartbeat(probe, beat);
        metrics.heartbeat();
        ctx.json(new Ack(probe.name(), probe.region(), ProbeStatus.UP.wireName(), clock.instant(),
                checksEtag.apply(probe.region())));
    }

    /** A heartbeat as a probe sends it, for the API's description (read field by field, tolerantly). */
    record Beat(String version, Instant startedAt, Long spoolDepth, Integer checksRunning, String lastError,
            Instant clock, Double latenessP50Ms, Double latenessP99Ms, Long missedRuns, String probe, String region) {}

    /** The answer to a heartbeat: the API's time, and the ETag of the probe's checks (changed: pull them). */
    record Ack(String probe, String region, String status, Instant serverTime, String checksEtag) {}

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("a heartbeat is a JSON object such as {\"version\": \"0.1.0\","
                        + " \"spoolDepth\": 0, \"clock\": \"2026-01-01T00:00:00Z\"}");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the heartbeat is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest("heartbeat field " + field + " must be a string, found " + v);
        }
        if (v.asText().length() > max) {
            throw ApiException.badRequest("heartbeat field " + field + " has " + v.asText().length()
                    + " characters; at most " + max);
        }
        return v.asText();
    }

    private static Instant instant(JsonNode body, String field) {
        String text = text(body, field, 64);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("heartbeat field " + field + " must be an ISO-8601 instant such as"
                    + " 2026-01-01T00:00:00Z, found \"" + text + "\"");
        }
    }

    private static Long whole(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw ApiException.badRequest("heartbeat field " + field + " must be a whole number >= 0, found " + v);
        }
        return v.asLong();
    }

    private static Integer intValue(JsonNode body, String field) {
        Long v = whole(body, field);
        if (v != null && v > Integer.MAX_VALUE) {
            throw ApiException.badRequest("heartbeat field " + field + " is too large: " + v);
        }
        return v == null ? null : v.intValue();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 0 || !Double.isFinite(v.asDouble())) {
            throw ApiException.badRequest("heartbeat field " + field + " must be a number >= 0, found " + v);
        }
        return v.asDouble();
    }
}
