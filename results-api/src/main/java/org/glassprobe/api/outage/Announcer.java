package org.glassprobe.api.outage;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        IncidentData incident = new IncidentData(i.id(), i.kind().wireName(), i.openedAt(), i.resolvedAt(), i.regions(),
                i.firstResultId(), i.errorSummary(), i.flapping(), i.flaps(), i.open() ? null : i.runs(),
                i.open() ? null : i.failedRuns(), i.errors());
        Map<String, RegionData> regionStates = new LinkedHashMap<>();
        for (RegionRecord r : decision.regions()) {
            regionStates.put(r.region(), new RegionData(r.state().name().toLowerCase(Locale.ROOT), r.since(),
                    r.lastError()));
        }
        CheckData data = new CheckData(null, i.check(), decision.check().state().name().toLowerCase(Locale.ROOT),
                a.regions(), incident, regionStates, links(i.check(), i.id()),
                a.supersedes().isEmpty() ? null : a.supersedes());
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
        ProbeData data = new ProbeData(null, e.probe(), e.region(), e.from().wireName(), e.to().wireName(), e.at(),
                e.lastHeartbeatAt(), links(null, null));
        return java.util.Optional.of(event(messageId("probe", e.probe(), e.to().wireName(),
                String.valueOf(e.lastHeartbeatAt())), type, null, e.at(), data, "probe:" + e.probe()));
    }

    /** A sample of the given type for a webhook's test call, marked {@code "test": true}. */
    public OutboundEvent sample(EventType type, Instant at) {
        EventData data;
        if (type.aboutCheck()) {
            IncidentKind kind = switch (type) {
                case OUTAGE_OPENED, OUTAGE_RESOLVED -> IncidentKind.OUTAGE;
                case REGIONAL_FAILURE, REGIONAL_RECOVERED -> IncidentKind.REGIONAL;
                case CHECK_DEGRADED, CHECK_RECOVERED -> IncidentKind.DEGRADED;
                default -> IncidentKind.REGIONAL_DEGRADED;
            };
            String state = switch (type) {
                case OUTAGE_OPENED -> "outage";
                case REGIONAL_FAILURE -> "regional_failure";
                case CHECK_DEGRADED -> "degraded";
                default -> "operational";
            };
            boolean failures = kind == IncidentKind.OUTAGE || kind == IncidentKind.REGIONAL;
            IncidentData incident = new IncidentData("00000000-0000-0000-0000-000000000000", kind.wireName(), at, null,
                    List.of("eu-west", "us-east"), null, "eu-west: status (status 503, expected 200); us-east: status"
                    + " (status 503, expected 200)", null, null, null, null, failures ? new IncidentErrors(List.of(
                            new IncidentErrors.Count("status 503, expected 200", 2)), "status 503, expected 200", at)
                            : IncidentErrors.NONE);
            data = new CheckData(true, "example-check", state, List.of("eu-west", "us-east"), incident, null,
                    links("example-check", incident.id()), null);
        } else {
            data = new ProbeData(true, "example-probe", "eu-west", null, null, null, null, links(null, null));
        }
        return event(messageId(), type, type.aboutCheck() ? "example-check" : null, at, data, null);
    }

    private Links links(String check, String incident) {
        String base = publicUrl.get();
        return new Links(base + "/", check == null ? null : base + "/checks/" + segment(check),
                incident == null ? null : base + "/api/v1/outages/" + segment(incident));
    }

    private OutboundEvent event(String messageId, EventType type, String check, Instant at, EventData data,
            String orderKey) {
        try {
            return new OutboundEvent(messageId, type, check, at, json.writeValueAsString(new Envelope(type.wireName(),
                    at, data)), orderKey);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event cannot be written as JSON", e);
        }
    }

    /** The Standard Webhooks envelope. */
    record Envelope(String type, Instant timestamp, EventData data) {}

    /** What an event is about: a check's incident or a probe's liveness. A test sample says {@code "test": true}. */
    sealed interface EventData permits CheckData, ProbeData {}

    /**
     * A check's event; {@code regionStates} by region (left out of a test sample); {@code supersedes}
     * the ids of announced incidents this opening ends without an event of their own (left out when none).
     */
    record CheckData(Boolean test, String check, String state, List<String> regions, IncidentData incident,
            Map<String, RegionData> regionStates, Links links, List<String> supersedes) implements EventData {}

    /** A probe's event; a test sample names only the probe and its region. */
    record ProbeData(Boolean test, String probe, String region, String from, String to, Instant at,
            Instant lastHeartbeatAt, Links links) implements EventData {}

    /**
     * The incident, as {@code GET /api/v1/outages} shows it (without its check, duration and
     * clear-since), counted when the decision was taken, every field present (null when unknown:
     * its end while open; a test sample's flapping and runs).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IncidentData(String id, String kind, Instant openedAt, Instant resolvedAt, List<String> regions,
            String firstResultId, String errorSummary, Boolean flapping, Integer flaps, Integer runs,
            Integer failedRuns, List<IncidentErrors.Count> topErrors, String lastError, Instant lastErrorAt) {

        IncidentData(String id, String kind, Instant openedAt, Instant resolvedAt, List<String> regions,
                String firstResultId, String errorSummary, Boolean flapping, Integer flaps, Integer runs,
                Integer failedRuns, IncidentErrors errors) {
            this(id, kind, openedAt, resolvedAt, regions, firstResultId, errorSummary, flapping, flaps, runs,
                    failedRuns, errors.mostFrequent(), errors.last(), errors.lastAt());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RegionData(String state, Instant since, String lastError) {}

    /** Where to look on the uptime page: always the page, the check and the incident when there is one. */
    record Links(String page, String check, String incident) {}

    /** A name as one URL path segment. */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
