package org.glassprobe.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.notify.EventType;
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
    private static final Set<String> FIELDS = Set.of("kind", "url", "events", "checks", "secret",
            "description");
    private static final int MAX_URL = 2000;
    private static final int MAX_CHECKS = 1000;

    private final Logger logger = LoggerFactory.getLogger(WebhookService.class);
    private final WebhookStore store;
    private final Notifiers notifiers;
    private final java.util.function.BiFunction<EventType, Instant, OutboundEvent> sample;
    private final ObjectMapper json;
    private final SecureRandom random;
    private final Clock clock;
    private final int maxWebhooks;
    private final TargetPolicy targets;
    private final int keep;

    /**
     * What the service needs besides its store and the notifier kinds.
     *
     * @param targets where webhooks may point (checked at creation; the notifier checks each delivery again)
     */
    public record Options(ObjectMapper json, SecureRandom random, Clock clock, int maxWebhooks, int keep,
            TargetPolicy targets) {}

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
        this.targets = options.targets();
    }

    /** A new webhook and its secret (shown only now). */
    public record Created(Webhook webhook, String secret) {}

    public Created create(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the webhook is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("a webhook is a JSON object such as {\"url\": \"https://example.org/hook\","
                    + " \"events\": [\"outage.opened\", \"outage.resolved\"]}");
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "'; a webhook has url, events, checks (optional),"
                        + " secret (optional), description (optional) and kind (optional)");
            }
        });
        String kind = kind(root.get("kind"));
        String url = url(root.get("url"));
        List<String> events = events(root.get("events"));
        List<String> checks = checks(root.get("checks"));
        String secret;
        JsonNode secretNode = root.get("secret");
        if (secretNode == null || secretNode.isNull()) {
            secret = Signature.newSecret(random);
        } else if (!secretNode.isTextual()) {
            throw ApiException.badRequest("secret must be a string whsec_..., found " + secretNode);
        } else {
            secret = secretNode.asText();
            Signature.problem(secret).ifPresent(p -> {
                throw ApiException.badRequest("secret: " + p);
            });
        }
        String description = null;
        JsonNode d = root.get("description");
        if (d != null && !d.isNull()) {
            if (!d.isTextual() || d.asText().length() > 500) {
                throw ApiException.badRequest("description must be a string of at most 500 characters");
            }
            description = d.asText();
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        Webhook webhook = new Webhook("wh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id),
                kind, url, events, checks, description, clock.instant());
        if (!store.create(webhook, secret, maxWebhooks)) {
            throw new ApiException(409, "the API keeps at most " + maxWebhooks + " webhooks"
                    + " (webhooks.max-webhooks); delete one first");
        }
        logger.atInfo().addKeyValue("webhook", webhook.id()).addKeyValue("url", url)
                .addKeyValue("events", String.join(",", events)).log("webhook created");
        return new Created(webhook, secret);
    }

    /** The notifier that delivers it: one of the registered kinds, {@code webhook} when not given. */
    private String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return WebhookNotifier.KIND;
        }
        if (!node.isTextual() || notifiers.of(node.asText()).isEmpty()) {
            throw ApiException.badRequest("kind: " + node + " is not a notifier kind; known: "
                    + String.join(", ", notifiers.kinds()));
        }
        return node.asText();
    }

    private String url(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw ApiException.badRequest("url is required: the http or https address to POST events to");
        }
        String text = node.asText().strip();
        if (text.length() > MAX_URL) {
            throw ApiException.badRequest("url has " + text.length() + " characters; at most " + MAX_URL);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.badRequest("url must be an http or https URL, found '" + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.badRequest("url has no host: '" + text + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.badRequest("url must not carry credentials (user:password@); the receiver verifies the"
                    + " signature instead");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.badRequest("url must not have a fragment (#...)");
        }
        targets.problem(uri.getHost()).ifPresent(why -> {
            throw ApiException.badRequest("url: " + why);
        });
        return text;
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
        Attempt attempt = notifier.send(new Notifier.Target(id, webhook.url(), secret),
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
