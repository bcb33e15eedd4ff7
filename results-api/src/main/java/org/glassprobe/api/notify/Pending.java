package org.glassprobe.api.notify;

import java.time.Instant;

/**
 * An undelivered message of one subscription, first of its incident's (or probe's) sequence, with
 * where it goes: the next thing the dispatcher sends to that subscriber.
 */
public record Pending(long seq, String subscription, String kind, String address, String settings, String secret,
        String messageId, String eventType, String payload, Instant createdAt, int attempts, Instant nextAttemptAt) {}
