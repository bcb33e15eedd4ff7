package org.glassprobe.api.notify;

import java.time.Instant;
import java.util.List;

/**
 * A message to one subscriber and every attempt to deliver it.
 *
 * @param status pending (still being tried), delivered or failed (given up at the horizon, or fatal)
 */
public record Delivery(long seq, String webhook, String messageId, String eventType, String check, Instant createdAt,
        String status, int attempts, Instant nextAttemptAt, Instant finishedAt, boolean test,
        List<AttemptRecord> attemptLog) {
    public Delivery {
        attemptLog = List.copyOf(attemptLog);
    }

    /** One attempt as recorded: when, how long, the receiver's status, the outcome, what went wrong. */
    public record AttemptRecord(int attempt, Instant at, double durationMs, Integer status, String outcome,
            String error) {}
}
