package org.glassprobe.api.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Delivery;

/** What webhook subscriptions need stored: each webhook, its secret, and its deliveries as its log shows them. */
public interface WebhookStore {
    /** Stores a new webhook unless there are {@code max} already. */
    boolean create(Webhook w, String secret, int max);

    List<Webhook> list();

    Optional<Webhook> find(String id);

    /** The webhook's secret (for a test delivery). */
    Optional<String> secret(String id);

    /** Deletes the webhook with its deliveries and their attempts. */
    boolean delete(String id);

    /** A test message sent outside the outbox, recorded as a finished delivery with its one attempt. */
    long recordTest(String webhookId, String messageId, String eventType, String payload, Instant at,
            Attempt attempt, int keep);
    /** The webhook's deliveries, newest first, each with its attempts. */
    default List<Delivery> deliveries(String webhookId, int limit) {
        return deliveries(webhookId, null, limit);
    }

    /** The webhook's deliveries older than the delivery {@code beforeSeq} (null: from the newest), newest first. */
    List<Delivery> deliveries(String webhookId, Long beforeSeq, int limit);
}
