package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A check's recent results in one region, from the probes that vote there, read only when a
 * decision needs them (flap control, a recovery run, latency against the baseline). Failures of
 * kind probe are left out: they say nothing about the site.
 */
public interface RegionHistory {
    /** Runs of a region over a time, and how many of them failed. */
    record Runs(int runs, int failed) {}

    /** The region's runs from {@code since} until {@code until}, and its failed ones. */
    Runs runsBetween(String region, Instant since, Instant until);

    /**
     * The region's failed runs from {@code since} until {@code until} (null: up to now), by the
     * message they ended with.
     */
    List<IncidentErrors.Seen> errorsBetween(String region, Instant since, Instant until);

    /** How many runs failed since the given time. */
    int failuresSince(String region, Instant since);

    /** Whether each of the last {@code n} runs passed, newest first (fewer when there are fewer). */
    List<Boolean> lastOutcomes(String region, int n);

    /** The durations of the last {@code n} passed runs in ms, newest first. */
    List<Double> lastPassedDurations(String region, int n);

    /**
     * A passed run as degradation judges it: its duration, and what did not hold of its warn
     * conditions (null when it did not warn).
     */
    record PassedRun(double durationMs, String warning) {
        public boolean warned() {
            return warning != null;
        }
    }

    /** The last {@code n} passed runs, newest first; without the warnings, those runs' durations. */
    default List<PassedRun> lastPassedRuns(String region, int n) {
        return lastPassedDurations(region, n).stream().map(d -> new PassedRun(d, null)).toList();
    }

    /** The region's latency baseline in ms (the percentile of its passed runs' history), when there is enough history. */
    OptionalDouble baseline(String region, int percentile);
}
