package org.glassprobe.api.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What sending needs stored: the outbox's pending deliveries, each attempt, the senders' leases
 * and the feeds' cursors.
 */
public interface OutboxStore {
    /** For each webhook with pending deliveries, when the first of them that may go is due. */
    Map<String, Instant> heads();

    /**
     * The webhook's oldest delivery that is due at {@code now} and first of its sequence, with where
     * it goes: a delivery of one incident never waits behind the retries of another's.
     */
    Optional<Pending> head(String webhookId, Instant now);

    /**
     * Takes (or renews) the lease to send the webhook's deliveries until {@code until}; false when
     * another sender holds it.
     */
    boolean lease(String webhookId, String owner, Instant now, Instant until);

    void release(String webhookId, String owner);

    /**
     * Records an attempt and its consequence in one transaction: delivered, failed, or pending
     * again from {@code retryAt}. A finished delivery makes the webhook's oldest finished ones
     * beyond {@code keep} go.
     *
     * @param status delivered, failed or pending
     */
    void recordAttempt(long seq, int number, Instant at, Attempt attempt, String status, Instant retryAt, int keep);

    /** Marks a pending delivery failed without an attempt (it outlived the horizon before it could go). */
    void expire(long seq, Instant at, int keep);

    /** Where a feed stands: the id of the last event turned into deliveries. */
    long cursor(String feed);

    /**
     * Moves a feed's cursor from {@code from} to {@code to} and puts the events in the outbox, in
     * one transaction; false (nothing written) when another sender moved the cursor first.
     */
    boolean advance(String feed, long from, long to, List<OutboundEvent> events, Instant now);
}
