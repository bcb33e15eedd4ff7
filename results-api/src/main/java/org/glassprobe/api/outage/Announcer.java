package org.glassprobe.api.outage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.glassprobe.api.liveness.ProbeEvent;
import org.glassprobe.api.notify.EventType;
import org.glassprobe.api.notify.OutboundEvent;

/**
 * Writes events as subscribers receive them: the Standard Webhooks envelope {@code {"type",
 * "timestamp", "data"}}, the data naming the check (or probe), the regions, the incident and links
 * to the uptime page on the API's public URL.
 */
public final class Announcer {
    private final ObjectMapper json;
    private final Supplier<String> publicUrl;
    private final SecureRandom random = new SecureRandom();

    /** @param publicUrl the API's public base URL, without a trailing slash */
    public Announcer(ObjectMapper json, Supplier<String> publicUrl) {
        this.json = json;
        this.publicUrl = publicUrl;
    }

    /** A new message id: {@code msg_} and 24 random URL-safe characters. */
    public String messageId() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The message id of an event, made from what identifies it (an incident and what happened to
     * it, or a probe's transition and the heartbeat before it): the same event decided again (after
     * a restart, by another replica) carries the same {@code webhook-id}, which receivers dedupe by.
     */
    static String messageId(String... identity) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", identity)
                    .getBytes(StandardCharsets.UTF_8));
            return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** The events of a decision about a check. */
    public List<OutboundEvent> about(Decision decision, Instant at) {
        return decision.announcements().stream().map(a -> check(a, decision, at)).toList();
    }

    private OutboundEvent check(Decision.Announcement a, Decision decision, Instant at) {
        IncidentRecord i = a.incident();
        Map<String, Object> incident = new LinkedHashMap<>();
        incident.put("id", i.id());
        incident.put("kind", i.kind().wireName());
        incident.put("openedAt", i.openedAt().toString());
        incident.put("resolvedAt", i.resolvedAt() == null ? null : i.resolvedAt().toString());
        incident.put("regions", i.regions());
        incident.put("firstResultId", i.firstResultId());
        incident.put("errorSummary", i.errorSummary());
        incident.put("flapping", i.flapping());
        incident.put("flaps", i.flaps());
        incident.put("runs", i.open() ? null : i.runs());
        incident.put("failedRuns", i.open() ? null : i.failedRuns());
        OutageRoutes.putErrors(incident, i.errors());
        Map<String, Object> regionStates = new LinkedHashMap<>();
        for (RegionRecord r : decision.regions()) {
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("state", r.state().name().toLowerCase(Locale.ROOT));
            region.put("since", r.since().toString());
            region.put("lastError", r.lastError());
            regionStates.put(r.region(), region);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("check", i.check());
        data.put("state", decision.check().state().name().toLowerCase(Locale.ROOT));
        data.put("regions", a.regions());
        data.put("incident", incident);
        data.put("regionStates", regionStates);
        data.put("links", links(i.check(), i.id()));
        // an incident that came back after it ended announces its opening again: its flaps tell them apart
        String id = i.flaps() == 0 ? messageId("check", i.id(), a.type().wireName(), String.join(",", a.regions()))
                : messageId("check", i.id(), a.type().wireName(), String.join(",", a.regions()),
                        Integer.toString(i.flaps()));
        return event(id, a.type(),
                i.check(), at, data, "incident:" + i.id());
    }

    /** The event of a probe's liveness change, if it is one subscribers hear about (down; up after down). */
    public java.util.Optional<OutboundEvent> about(ProbeEvent e) {
        EventType type;
        if (e.to() == org.glassprobe.api.liveness.ProbeStatus.DOWN) {
            type = EventType.PROBE_DOWN;
        } else if (e.to() == org.glassprobe.api.liveness.ProbeStatus.UP
                && e.from() == org.glassprobe.api.liveness.ProbeStatus.DOWN) {
            type = EventType.PROBE_UP;
        } else {
            return java.util.Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("probe", e.probe());
        data.put("region", e.region());
        data.put("from", e.from().wireName());
        data.put("to", e.to().wireName());
        data.put("at", e.at().toString());
        data.put("lastHeartbeatAt", e.lastHeartbeatAt() == null ? null : e.lastHeartbeatAt().toString());
        data.put("links", links(null, null));
        return java.util.Optional.of(event(messageId("probe", e.probe(), e.to().wireName(),
                String.valueOf(e.lastHeartbeatAt())), type, null, e.at(), data, "probe:" + e.probe()));
    }

    /** A sample of the given type for a webhook's test call, marked {@code "test": true}. */
    public OutboundEvent sample(EventType type, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("test", true);
        if (type.aboutCheck()) {
            data.put("check", "example-check");
            IncidentKind kind = switch (type) {
                case OUTAGE_OPENED, OUTAGE_RESOLVED -> IncidentKind.OUTAGE;
                case REGIONAL_FAILURE, REGIONAL_RECOVERED -> IncidentKind.REGIONAL;
                case CHECK_DEGRADED, CHECK_RECOVERED -> IncidentKind.DEGRADED;
                default -> IncidentKind.REGIONAL_DEGRADED;
            };
            data.put("state", switch (type) {
                case OUTAGE_OPENED -> "outage";
                case REGIONAL_FAILURE -> "regional_failure";
                case CHECK_DEGRADED -> "degraded";
                default -> "operational";
            });
            data.put("regions", List.of("eu-west", "us-east"));
            Map<String, Object> incident = new LinkedHashMap<>();
            incident.put("id", "00000000-0000-0000-0000-000000000000");
            incident.put("kind", kind.wireName());
            incident.put("openedAt", at.toString());
            incident.put("resolvedAt", null);
            incident.put("regions", List.of("eu-west", "us-east"));
            incident.put("firstResultId", null);
            incident.put("errorSummary", "eu-west: status (status 503, expected 200); us-east: status (status 503,"
                    + " expected 200)");
            boolean failures = kind == IncidentKind.OUTAGE || kind == IncidentKind.REGIONAL;
            OutageRoutes.putErrors(incident, failures ? new IncidentErrors(List.of(new IncidentErrors.Count(
                    "status 503, expected 200", 2)), "status 503, expected 200", at) : IncidentErrors.NONE);
            data.put("incident", incident);
            data.put("links", links("example-check", incident.get("id").toString()));
        } else {
            data.put("probe", "example-probe");
            data.put("region", "eu-west");
            data.put("links", links(null, null));
        }
        return event(messageId(), type, type.aboutCheck() ? "example-check" : null, at, data, null);
    }

    private Map<String, Object> links(String check, String incident) {
        String base = publicUrl.get();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("page", base + "/");
        if (check != null) {
            links.put("check", base + "/checks/" + segment(check));
        }
        if (incident != null) {
            links.put("incident", base + "/api/v1/outages/" + segment(incident));
        }
        return links;
    }

    private OutboundEvent event(String messageId, EventType type, String check, Instant at, Map<String, Object> data,
            String orderKey) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type.wireName());
        envelope.put("timestamp", at.toString());
        envelope.put("data", data);
        try {
            return new OutboundEvent(messageId, type, check, at, json.writeValueAsString(envelope), orderKey);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event cannot be written as JSON", e);
        }
    }

    /** A name as one URL path segment. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
