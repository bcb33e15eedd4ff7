package org.glassprobe.api.pagerduty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.InvalidSubscription;
import org.glassprobe.api.notify.Notice;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.webhook.HttpSender;

/**
 * Sends events to PagerDuty's Events API v2: an opening event (an outage, a regional failure, a
 * slowdown, a probe down) triggers an alert, its closing event resolves it, both keyed by the
 * incident's id ({@link Notice#dedupKey()}), so that PagerDuty keeps one alert per incident. An
 * opening that supersedes an announced incident (a regional failure grown into an outage ends
 * without an event of its own: the event's {@code data.supersedes}) first resolves that
 * incident's alert, so that none stays open for ever. The routing key (the integration key) is
 * the secret; the events URL is what is shown. PagerDuty answers 202; 400 (an invalid event) and
 * other 4xx but 408 and 429 are fatal, with PagerDuty's words; 408, 429 and 5xx are tried again.
 */
public final class PagerDutyNotifier implements Notifier {
    public static final String KIND = "pagerduty";
    static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
    static final int SUMMARY_MAX = 1024;
    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    private final HttpSender http;
    private final ObjectMapper json;

    public PagerDutyNotifier(HttpSender http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> fields() {
        return List.of("routingKey", "url");
    }

    @Override
    public Destination destination(Map<String, JsonNode> fields) {
        JsonNode key = fields.get("routingKey");
        String how = "the Integration Key of an Events API v2 integration of a PagerDuty service (Service >"
                + " Integrations > Events API V2): 32 letters and digits";
        if (key == null || key.isNull()) {
            throw new InvalidSubscription("routingKey", "required: " + how);
        }
        // the key is never quoted back: it is a credential, and a near miss may be one too
        if (!key.isTextual()) {
            throw new InvalidSubscription("routingKey", "must be a string, found " + key.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + "; " + how);
        }
        String routingKey = key.asText().strip();
        if (!ROUTING_KEY.matcher(routingKey).matches()) {
            throw new InvalidSubscription("routingKey", "is not an integration key (found " + routingKey.length()
                    + " characters" + (routingKey.chars().allMatch(Character::isLetterOrDigit) ? "" : ", not all"
                    + " letters and digits") + "); " + how);
        }
        JsonNode urlNode = fields.get("url");
        String url = urlNode == null || urlNode.isNull() ? EVENTS_URL : http.url("url", urlNode,
                "leave it out for PagerDuty's " + EVENTS_URL + " (or give an http or https URL of a relay that"
                + " speaks the Events API v2)");
        return new Destination(url, "{}", routingKey, false);
    }

    @Override
    public Attempt send(Target target, Message message) {
        Notice notice = Notice.of(message, json);
        Attempt last = null;
        double ms = 0;
        for (String superseded : superseded(message)) {
            last = post(target, resolve(target.secret(), superseded));
            ms += last.durationMs();
            if (!(last instanceof Attempt.Delivered)) {
                return prefixed(last, "resolving the superseded incident " + superseded + ": ", null);
            }
        }
        Attempt attempt = post(target, notice.resolved() ? resolve(target.secret(), notice.dedupKey())
                : trigger(target.secret(), notice));
        if (last == null) {
            return attempt;
        }
        double total = ms + attempt.durationMs();
        if (attempt instanceof Attempt.Delivered) {
            return new Attempt.Delivered(attempt.status(), total);
        }
        return attempt instanceof Attempt.Fatal ? new Attempt.Fatal(attempt.status(), total, attempt.error())
                : new Attempt.Transient(attempt.status(), total, attempt.error());
    }

    private Attempt post(Target target, ObjectNode event) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a PagerDuty event cannot be written as JSON", e);
        }
        Attempt attempt = http.post(target.address(), target.address(), Map.of(), body, HttpSender.JSON,
                this::classify);
        if (attempt.error() == null || target.secret().isEmpty() || !attempt.error().contains(target.secret())) {
            return attempt;
        }
        // PagerDuty does not quote the key back; a relay might: it never reaches the delivery log
        return prefixed(attempt, "", target.secret());
    }

    /**
     * PagerDuty's errors are JSON: {@code {"status": "invalid event", "message": "Event object is
     * invalid", "errors": ["..."]}}.
     */
    Attempt classify(int status, String answer, double ms) {
        String said = answer;
        try {
            JsonNode error = json.readTree(answer);
            if (error != null && error.hasNonNull("message")) {
                List<String> details = new ArrayList<>();
                error.path("errors").forEach(e -> details.add(e.asText()));
                said = error.get("message").asText() + (details.isEmpty() ? "" : ": " + String.join("; ", details));
            }
        } catch (JsonProcessingException e) {
            // not JSON (a proxy's page): kept as it is
        }
        String text = "PagerDuty answered " + status + (said.isEmpty() ? "" : ": " + HttpSender.shortened(said));
        return HttpSender.byStatus(status, ms, text);
    }

    /** The incidents the event's opening ends silently ({@code data.supersedes}), to resolve first. */
    private List<String> superseded(Message message) {
        try {
            List<String> ids = new ArrayList<>();
            json.readTree(message.payload()).path("data").path("supersedes").forEach(n -> ids.add(n.asText()));
            return ids;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event's body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    ObjectNode resolve(String routingKey, String dedupKey) {
        return json.createObjectNode().put("routing_key", routingKey).put("event_action", "resolve")
                .put("dedup_key", dedupKey);
    }

    ObjectNode trigger(String routingKey, Notice notice) {
        ObjectNode event = json.createObjectNode().put("routing_key", routingKey).put("event_action", "trigger")
                .put("dedup_key", notice.dedupKey());
        ObjectNode payload = event.putObject("payload");
        StringBuilder summary = new StringBuilder(notice.title());
        for (Notice.RegionLine r : notice.regions()) {
            if (r.error() != null && !r.error().isBlank()) {
                summary.append(summary.indexOf(" — ") < 0 ? " — " : "; ").append(r.text());
            }
        }
        payload.put("summary", cut(summary.toString(), SUMMARY_MAX));
        payload.put("source", "glassprobe: " + notice.subject());
        payload.put("severity", severity(notice));
        payload.put("timestamp", notice.at().toString());
        payload.put("component", notice.subject());
        if (!notice.regions().isEmpty()) {
            payload.put("group", String.join(", ", notice.regions().stream().map(Notice.RegionLine::region).toList()));
        }
        payload.put("class", notice.type());
        ObjectNode details = payload.putObject("custom_details");
        if (notice.test()) {
            details.put("test", "a test message from glassprobe: resolve it by hand, or send the test of a"
                    + " closing event");
        }
        ObjectNode regions = details.putObject("regions");
        notice.regions().forEach(r -> regions.set(r.region(), r.error() == null ? null : new TextNode(r.error())));
        if (notice.summary() != null) {
            details.put("summary", notice.summary());
        }
        if (notice.incident() != null) {
            details.put("incident", notice.incident());
        }
        if (notice.link().startsWith("https://") || notice.link().startsWith("http://")) {
            event.putArray("links").addObject().put("href", notice.link())
                    .put("text", notice.incident() != null ? "Open the check" : "Open the uptime page");
        }
        event.put("client", "glassprobe");
        if (notice.link().startsWith("https://") || notice.link().startsWith("http://")) {
            event.put("client_url", notice.link());
        }
        return event;
    }

    /** The Events API's severities: a test is {@code info}, so that it pages at low urgency where rules say so. */
    static String severity(Notice notice) {
        if (notice.test()) {
            return "info";
        }
        return switch (notice.severity()) {
            case CRITICAL -> "critical";
            case ERROR -> "error";
            case WARNING -> "warning";
            case RESOLVED -> "info";
        };
    }

    /** The failed attempt, its error prefixed and, when {@code hidden} is given, without it. */
    private static Attempt prefixed(Attempt attempt, String prefix, String hidden) {
        String error = prefix + (hidden == null ? attempt.error() : attempt.error().replace(hidden, "(routing key)"));
        return attempt instanceof Attempt.Fatal ? new Attempt.Fatal(attempt.status(), attempt.durationMs(), error)
                : new Attempt.Transient(attempt.status(), attempt.durationMs(), error);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
