package org.glassprobe.api.rollup;

import java.util.Objects;

/**
 * The part of one result that roll-ups and summaries use.
 *
 * @param latencies ms by {@link Phase} ordinal: the total (the run's durationMs) then each phase
 *                  summed over the run's steps
 * @param errorKind the failure's kind, or null when the run passed
 */
public record Sample(String check, String region, long startedAtMs, boolean ok, double[] latencies,
        String errorKind) {
    public Sample {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(region, "region");
        if (latencies.length != Phase.values().length) {
            throw new IllegalArgumentException("a sample has " + Phase.values().length + " latencies");
        }
    }

    public double latency(Phase phase) {
        return latencies[phase.ordinal()];
    }
}
