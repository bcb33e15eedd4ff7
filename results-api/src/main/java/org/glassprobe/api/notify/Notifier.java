package org.glassprobe.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One kind of notifier (the signed webhook, Slack, e-mail...): reads what a subscription of its
 * kind says, sends one message to one subscriber and says how it went. The dispatcher around it
 * owns what every kind shares: the outbox, the order per subscriber, retries with backoff, the
 * horizon, the record of attempts. A notifier never throws for the subscriber's trouble; it returns
 * a {@link Attempt.Transient} (try again later) or a {@link Attempt.Fatal} (trying again cannot help).
 */
public interface Notifier {
    /** The kind's name, as stored with each subscription (e.g. {@code webhook}). */
    String kind();

    /**
     * The fields a subscription of this kind has besides those every kind has ({@code kind},
     * {@code events}, {@code checks}, {@code labels}, {@code description}), for the error that
     * names an unknown field.
     */
    List<String> fields();

    /**
     * Reads a new subscription's own fields (only names from {@link #fields()}; absent ones are
     * missing from the map).
     *
     * @throws InvalidSubscription naming the field and what is allowed; nothing is stored then
     */
    Destination destination(Map<String, JsonNode> fields);

    /** Sends the message once. */
    Attempt send(Target target, Message message);

    /**
     * What a subscription of a kind keeps.
     *
     * @param address    what the admin is shown as where it goes: never a secret (a chat webhook's
     *                   URL, which is its own credential, is shown with its path masked)
     * @param settings   what the notifier needs that is not secret, as a JSON object (shown to the admin)
     * @param secret     what the notifier needs that is secret ("" when none): stored, never shown after
     *                   creation, never logged
     * @param showSecret whether the creation's answer shows the secret: a signing secret the API made
     *                   is shown there once, a credential the admin gave is never shown back
     */
    record Destination(String address, String settings, String secret, boolean showSecret) {
        public Destination {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** Where to: the subscription's id, and what its {@link Destination} kept. */
    record Target(String id, String address, String settings, String secret) {
        public Target {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            settings = settings == null ? "{}" : settings;
            secret = secret == null ? "" : secret;
        }

        /** A target whose kind has no settings. */
        public Target(String id, String address, String secret) {
            this(id, address, "{}", secret);
        }
    }

    /**
     * What: the message's id (the same on every attempt), its event type, the attempt's time, the
     * body (the event as the signed webhook sends it: {@code {"type", "timestamp", "data"}}; other
     * kinds write their own message from it, see {@link Notice}).
     */
    record Message(String id, String type, Instant attemptAt, String payload) {
        public Message {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(attemptAt, "attemptAt");
            Objects.requireNonNull(payload, "payload");
        }
    }
}
