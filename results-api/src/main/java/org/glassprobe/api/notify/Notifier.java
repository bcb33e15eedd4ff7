package org.glassprobe.api.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One kind of notifier (webhooks are the one kind now): sends one message to one subscriber and
 * says how it went. The dispatcher around it owns what every kind shares: the outbox, the order
 * per subscriber, retries with backoff, the horizon, the record of attempts. A notifier never
 * throws for the subscriber's trouble; it returns a {@link Attempt.Transient} (try again later) or
 * a {@link Attempt.Fatal} (trying again cannot help).
 */
public interface Notifier {
    /** The kind's name, as stored with each subscription (e.g. {@code webhook}). */
    String kind();

    /** Sends the message once. */
    Attempt send(Target target, Message message);

    /** Where to: the subscription's id, address and secret. */
    record Target(String id, String address, String secret) {
        public Target {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * What: the message's id (the same on every attempt), its event type, the attempt's time, the body.
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
