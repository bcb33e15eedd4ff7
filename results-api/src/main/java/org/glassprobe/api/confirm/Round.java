package org.glassprobe.api.confirm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A confirmation round: what caused it (a run that failed in a region, or a failing region's run
 * that passed), the probes asked to run the check at once, and until when their answers are waited for.
 *
 * @param skipped the probes that were not asked, and why (over their budget of runs per minute)
 */
public record Round(String id, String check, String reason, Trigger trigger, Instant createdAt, Instant deadline,
        List<Ask> asks, List<String> skipped) {
    public Round {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(trigger, "trigger");
        asks = List.copyOf(asks);
        skipped = List.copyOf(skipped);
    }

    /** The run that caused a round. */
    public record Trigger(String probe, String region, String result, Instant startedAt) {}

    /**
     * A probe asked in a round, and its answer once stored.
     *
     * @param answeredAt when its confirmation result was stored; null while it is awaited
     * @param ok         whether that run passed; null while awaited
     */
    public record Ask(String probe, String region, Instant answeredAt, String result, Boolean ok) {}

    /** Whether every probe asked has answered. */
    public boolean answered() {
        return asks.stream().allMatch(a -> a.answeredAt() != null);
    }
}
