package org.glassprobe.api.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event as people read it, for the kinds that write to people (chat, paging, e-mail): what
 * happened to what, which regions failed and why, and where to look. Read from the event's JSON
 * (the signed webhook's body), so that every kind says the same thing in its own format.
 *
 * @param type      the event type ({@code outage.opened}...)
 * @param test      a sample sent by the test call
 * @param subject   the check's name, or the probe's for a probe's event
 * @param title     one line: what happened, e.g. {@code Outage: shop-login is down in eu-west, us-east}
 * @param severity  how bad, for colours and paging
 * @param regions   the regions the event is about, each with its last error (null when none is known)
 * @param summary   the incident's error summary, or what happened to the probe (may be null)
 * @param link      the check's page (the uptime page for a probe's event)
 * @param incident  the incident's id, null for a probe's event
 * @param at        when it happened
 */
public record Notice(String type, boolean test, String subject, String title, Severity severity,
        List<RegionLine> regions, String summary, String link, String incident, Instant at) {
    public Notice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        regions = List.copyOf(regions);
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(at, "at");
    }

    /** How bad an event is; a recovery is {@link #RESOLVED}. */
    public enum Severity { CRITICAL, ERROR, WARNING, RESOLVED }

    /** A region the event is about, and its last error (null when none is known). */
    public record RegionLine(String region, String error) {
        public RegionLine {
            Objects.requireNonNull(region, "region");
        }

        /** {@code eu-west: status 503, expected 200}, or the region alone. */
        public String text() {
            return error == null || error.isBlank() ? region : region + ": " + error;
        }
    }

    /** Whether the event ends something (resolved, recovered, a probe up again). */
    public boolean resolved() {
        return severity == Severity.RESOLVED;
    }

    /** The event's key for a pager: the incident, or the probe's liveness. */
    public String dedupKey() {
        return incident != null ? incident : "probe:" + subject;
    }

    /** Reads the event a message carries. */
    public static Notice of(Notifier.Message message, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(message.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event's body is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode data = root.path("data");
        boolean test = data.path("test").asBoolean(false);
        Instant at = Instant.parse(root.path("timestamp").asText(message.attemptAt().toString()));
        JsonNode links = data.path("links");
        String page = text(links, "page");
        EventType type = EventType.fromWire(message.type()).orElseThrow(
                () -> new IllegalArgumentException("unknown event type " + message.type()));
        if (!type.aboutCheck()) {
            String probe = text(data, "probe");
            String region = text(data, "region");
            boolean down = type == EventType.PROBE_DOWN;
            String title = (test ? "[test] " : "") + (down ? "Probe down: " : "Probe up: ") + probe
                    + (region == null ? "" : " (" + region + ")");
            String summary = down
                    ? "No heartbeat from probe " + probe + " since " + orElse(text(data, "lastHeartbeatAt"), "its start")
                            + "; its region does not vote until it is back"
                    : "Probe " + probe + " sends heartbeats again";
            return new Notice(type.wireName(), test, probe, title, down ? Severity.ERROR : Severity.RESOLVED,
                    region == null ? List.of() : List.of(new RegionLine(region, null)), summary,
                    orElse(page, ""), null, at);
        }
        String check = text(data, "check");
        JsonNode incident = data.path("incident");
        List<RegionLine> regions = new ArrayList<>();
        for (JsonNode r : data.path("regions")) {
            String error = text(data.path("regionStates").path(r.asText()), "lastError");
            regions.add(new RegionLine(r.asText(), error));
        }
        String where = regions.stream().map(RegionLine::region).reduce((a, b) -> a + ", " + b).orElse("");
        Severity severity = switch (type) {
            case OUTAGE_OPENED -> Severity.CRITICAL;
            case REGIONAL_FAILURE -> Severity.ERROR;
            case CHECK_DEGRADED, REGIONAL_DEGRADED -> Severity.WARNING;
            default -> Severity.RESOLVED;
        };
        // a degradation of warned runs (a warn condition did not hold, e.g. a certificate close to its
        // expiry) is named so by the decision's summary ("eu-west: warned: ..."): it is not slowness
        String summary = text(incident, "errorSummary");
        String troubled = summary != null && summary.contains(": warned: ") ? " warns" : " is slow";
        String what = switch (type) {
            case OUTAGE_OPENED -> "Outage: " + check + " is down" + in(where);
            case OUTAGE_RESOLVED -> "Resolved: " + check + " is up again";
            case REGIONAL_FAILURE -> "Regional failure: " + check + " fails" + in(where);
            case REGIONAL_RECOVERED -> "Recovered: " + check + " passes again" + in(where);
            case CHECK_DEGRADED -> "Degraded: " + check + troubled + in(where);
            case REGIONAL_DEGRADED -> (troubled.equals(" warns") ? "Regional warning: " : "Regional slowdown: ") + check
                    + troubled + in(where);
            case CHECK_RECOVERED -> "Recovered: " + check + (troubled.equals(" warns") ? " no longer warns" : " is fast again");
            default -> type.wireName() + ": " + check;
        };
        return new Notice(type.wireName(), test, check, (test ? "[test] " : "") + what, severity, regions,
                text(incident, "errorSummary"), orElse(text(links, "check"), orElse(page, "")), text(incident, "id"),
                at);
    }

    private static String in(String regions) {
        return regions.isEmpty() ? "" : " in " + regions;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static String orElse(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
