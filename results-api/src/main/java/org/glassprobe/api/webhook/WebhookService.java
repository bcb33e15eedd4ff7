package org.glassprobe.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.notify.EventType;
import org.glassprobe.api.notify.InvalidSubscription;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.notify.Notifiers;
import org.glassprobe.api.notify.OutboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks as the admin manages them: validated on creation (an http or https URL, known event
 * types, a well-formed secret or a generated one, shown once), listed without their secrets,
 * deleted with their deliveries, tested with a sample sent at once.
 */
public final class WebhookService {
    private static final List<String> COMMON_FIELDS = List.of("kind", "events", "checks", "labels", "description");
    private static final int MAX_CHECKS = 1000;
    private static final int MAX_LABELS = 32;
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Logger logger = LoggerFactory.getLogger(WebhookService.class);
    private final WebhookStore store;
    private final Notifiers notifiers;
    private final java.util.function.BiFunction<EventType, Instant, OutboundEvent> sample;
    private final ObjectMapper json;
    private final SecureRandom random;
    private final Clock clock;
    private final int maxWebhooks;
    private final int keep;

    /** What the service needs besides its store and the notifier kinds. */
    public record Options(ObjectMapper json, SecureRandom random, Clock clock, int maxWebhooks, int keep) {}

    /** @param sample a sample event of a type, for the test call */
    public WebhookService(WebhookStore store, Notifiers notifiers,
            java.util.function.BiFunction<EventType, Instant, OutboundEvent> sample, Options options) {
        this.store = store;
        this.notifiers = notifiers;
        this.sample = sample;
        this.json = options.json();
        this.random = options.random();
        this.clock = options.clock();
        this.maxWebhooks = options.maxWebhooks();
        this.keep = options.keep();
    }

    /** A new webhook and its secret (shown only now). */
    public record Created(Webhook webhook, String secret) {}

    public Created create(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the subscription is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("a subscription is a JSON object such as {\"url\": \"https://example.org/hook\","
                    + " \"events\": [\"outage.opened\", \"outage.resolved\"]}");
        }
        Notifier notifier = notifier(root.get("kind"));
        List<String> allowed = new ArrayList<>(COMMON_FIELDS);
        allowed.addAll(notifier.fields());
        Map<String, JsonNode> own = new LinkedHashMap<>();
        root.fields().forEachRemaining(f -> {
            if (!allowed.contains(f.getKey())) {
                throw ApiException.badRequest("unknown field '" + f.getKey() + "'; a subscription of kind "
                        + notifier.kind() + " has " + String.join(", ", allowed));
            }
            if (notifier.fields().contains(f.getKey())) {
                own.put(f.getKey(), f.getValue());
            }
        });
        List<String> events = events(root.get("events"));
        List<String> checks = checks(root.get("checks"));
        Map<String, String> labels = labels(root.get("labels"));
        String description = null;
        JsonNode d = root.get("description");
        if (d != null && !d.isNull()) {
            if (!d.isTextual() || d.asText().length() > 500) {
                throw ApiException.badRequest("description must be a string of at most 500 characters");
            }
            description = d.asText();
        }
        Notifier.Destination destination;
        try {
            destination = notifier.destination(own);
        } catch (InvalidSubscription e) {
            throw ApiException.badRequest(e.getMessage());
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        Webhook webhook = new Webhook("wh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id),
                notifier.kind(), destination.address(), events, checks, description, clock.instant(),
                destination.settings(), labels);
        if (!store.create(webhook, destination.secret(), maxWebhooks)) {
            throw new ApiException(409, "the API keeps at most " + maxWebhooks + " subscriptions"
                    + " (webhooks.max-webhooks); delete one first");
        }
        // the address is the shown one: a chat webhook's credential is masked there, and never logged
        logger.atInfo().addKeyValue("webhook", webhook.id()).addKeyValue("kind", webhook.kind())
                .addKeyValue("to", webhook.url()).addKeyValue("events", String.join(",", events))
                .log("subscription created");
        return new Created(webhook, destination.showSecret() ? destination.secret() : null);
    }

    /** The notifier that delivers it: one of the registered kinds, {@code webhook} when not given. */
    private Notifier notifier(JsonNode node) {
        if (node == null || node.isNull()) {
            return notifiers.of(WebhookNotifier.KIND).orElseThrow();
        }
        return notifiers.of(node.isTextual() ? node.asText() : "").orElseThrow(() -> ApiException.badRequest(
                "kind: " + node + " is not a notifier kind; known: " + String.join(", ", notifiers.kinds())));
    }

    /** Only the events of checks that carry all these labels: a JSON object of label names to values. */
    private static Map<String, String> labels(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.isEmpty() || node.size() > MAX_LABELS) {
            throw ApiException.badRequest("labels is an object of 1 to " + MAX_LABELS + " label names and values, such"
                    + " as {\"team\": \"web\"}: only checks that carry all of them (leave it out for any check)");
        }
        Map<String, String> labels = new TreeMap<>();
        node.fields().forEachRemaining(f -> {
            if (!LABEL_KEY.matcher(f.getKey()).matches()) {
                throw ApiException.badRequest("labels: '" + f.getKey() + "' is not a label name; use letters, digits,"
                        + " _ . and -, at most 64 characters");
            }
            String value = f.getValue().isTextual() || f.getValue().isNumber() || f.getValue().isBoolean()
                    ? f.getValue().asText() : "";
            if (value.isEmpty() || value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("labels: " + f.getKey() + " must have a value of 1 to 256 printable"
                        + " characters, found " + f.getValue());
            }
            labels.put(f.getKey(), value);
        });
        return labels;
    }

    private static List<String> events(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.badRequest("events is required: a list of one or more of "
                    + String.join(", ", EventType.wireNames()));
        }
        Set<String> events = new LinkedHashSet<>();
        for (JsonNode e : node) {
            if (!e.isTextual() || EventType.fromWire(e.asText()).isEmpty()) {
                throw ApiException.badRequest("events: " + e + " is not an event type; known: "
                        + String.join(", ", EventType.wireNames()));
            }
            events.add(e.asText());
        }
        return List.copyOf(events);
    }

    private static List<String> checks(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_CHECKS) {
            throw ApiException.badRequest("checks is a list of 1 to " + MAX_CHECKS + " check names (leave it out for"
                    + " every check)");
        }
        Set<String> checks = new LinkedHashSet<>();
        for (JsonNode c : node) {
            String name = c.isTextual() ? c.asText() : "";
            if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badRequest("checks: " + c + " is not a check name (1 to 100 printable characters)");
            }
            checks.add(name);
        }
        return List.copyOf(checks);
    }

    public List<Webhook> list() {
        return store.list();
    }

    public Webhook find(String id) {
        return store.find(id).orElseThrow(() -> ApiException.notFound("no webhook with id '" + id + "'"));
    }

    public void delete(String id) {
        if (!store.delete(id)) {
            throw ApiException.notFound("no webhook with id '" + id + "'");
        }
        logger.atInfo().addKeyValue("webhook", id).log("webhook deleted");
    }

    /**
     * Sends a sample event at once (of the given type, else the webhook's first), outside the
     * outbox, and records it as a delivery with its one attempt.
     */
    public Delivery test(String id, byte[] body) {
        Webhook webhook = find(id);
        EventType type = EventType.fromWire(webhook.events().get(0)).orElseThrow();
        if (body != null && body.length > 0) {
            try {
                JsonNode root = json.readTree(body);
                if (root != null && root.hasNonNull("type")) {
                    String t = root.get("type").asText();
                    type = EventType.fromWire(t).orElseThrow(() -> ApiException.badRequest("type: '" + t
                            + "' is not an event type; known: " + String.join(", ", EventType.wireNames())));
                }
            } catch (IOException e) {
                throw ApiException.badRequest("the test request is not valid JSON: " + e.getMessage());
            }
        }
        Instant now = clock.instant();
        OutboundEvent event = sample.apply(type, now);
        String secret = store.secret(id).orElseThrow(() -> ApiException.notFound("no webhook with id '" + id + "'"));
        Notifier notifier = notifiers.of(webhook.kind()).orElseThrow(() -> new ApiException(409, "webhook '" + id
                + "' is of kind '" + webhook.kind() + "', which this API does not deliver; known: "
                + String.join(", ", notifiers.kinds())));
        Attempt attempt = notifier.send(new Notifier.Target(id, webhook.url(), webhook.settings(), secret),
                new Notifier.Message(event.messageId(), type.wireName(), now, event.payload()));
        long seq = store.recordTest(id, event.messageId(), type.wireName(), event.payload(), now, attempt, keep);
        return store.deliveries(id, 50).stream().filter(d -> d.seq() == seq).findFirst()
                .orElseThrow(() -> new IllegalStateException("the test delivery vanished"));
    }

    /** The webhook's deliveries older than {@code beforeSeq} (null: from the newest), newest first. */
    public List<Delivery> deliveries(String id, Long beforeSeq, int limit) {
        find(id);
        return new ArrayList<>(store.deliveries(id, beforeSeq, limit));
    }
}
