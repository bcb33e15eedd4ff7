package org.glassprobe.api.notify;

import java.time.Instant;

/**
 * The oldest undelivered message of one subscription, with where it goes: the next thing the
 * dispatcher sends to that subscriber (later ones wait, so that each subscriber hears events in order).
 */
public record Pending(long seq, String subscription, String kind, String address, String secret, String messageId,
        String eventType, String payload, Instant createdAt, int attempts, Instant nextAttemptAt) {}
