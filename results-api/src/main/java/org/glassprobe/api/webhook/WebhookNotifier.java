package org.glassprobe.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.InvalidSubscription;
import org.glassprobe.api.notify.Notifier;

/**
 * Delivers a message as a Standard Webhooks POST: the JSON body, {@code webhook-id} (the message's
 * id, the same on every attempt), {@code webhook-timestamp} (the attempt's time in seconds) and
 * {@code webhook-signature}, sent by {@link HttpSender}. A subscription has {@code url} and an
 * optional {@code secret} ({@code whsec_...}; generated when left out and then shown once).
 */
public final class WebhookNotifier implements Notifier {
    public static final String KIND = "webhook";

    private final HttpSender http;
    private final SecureRandom random;

    public WebhookNotifier(HttpSender http, SecureRandom random) {
        this.http = http;
        this.random = random;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<String> fields() {
        return List.of("url", "secret");
    }

    @Override
    public Destination destination(Map<String, JsonNode> fields) {
        String url = http.url("url", fields.get("url"), "the http or https address to POST events to, e.g."
                + " https://hooks.example.org/glassprobe");
        JsonNode secretNode = fields.get("secret");
        if (secretNode == null || secretNode.isNull()) {
            return new Destination(url, "{}", Signature.newSecret(random), true);
        }
        if (!secretNode.isTextual()) {
            throw new InvalidSubscription("secret", "must be a string whsec_..., found " + secretNode.getNodeType());
        }
        String secret = secretNode.asText();
        Signature.problem(secret).ifPresent(p -> {
            throw new InvalidSubscription("secret", p);
        });
        return new Destination(url, "{}", secret, true);
    }

    @Override
    public Attempt send(Target target, Message message) {
        long timestamp = message.attemptAt().getEpochSecond();
        return http.post(target.address(), target.address(), Map.of(
                        "webhook-id", message.id(),
                        "webhook-timestamp", Long.toString(timestamp),
                        "webhook-signature", Signature.sign(target.secret(), message.id(), timestamp, message.payload())),
                message.payload().getBytes(StandardCharsets.UTF_8), HttpSender.JSON);
    }
}
