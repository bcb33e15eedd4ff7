package org.glassprobe.scenarios.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How the results API decides about a check (the check file's {@code outage} section): how many
 * regions must fail for an outage, how many failures a region needs before it counts as failing,
 * how many passing runs bring it back, and when its latency counts as degraded.
 *
 * @param quorum   how many of the regions that vote must fail for an outage
 * @param failures a region counts as failing once its latest run failed and at least this many of
 *                 its runs failed within {@code within} (1: the latest failed run is enough)
 * @param within   the window of {@code failures}; null when failures is 1
 * @param recovery a failing region counts as passing again after this many consecutive passed runs
 * @param degraded latency against the region's own baseline
 * @param minRegions regions that must vote before anything is decided about the check; with fewer
 *                   its state is unknown and no outage or regional failure opens (1: any)
 * @param minOpen  an outage or regional failure is not ended before it has been open this long;
 *                 null: {@link #DEFAULT_MIN_OPEN_RUNS} intervals of the check, at most
 *                 {@link #DEFAULT_MIN_OPEN_MAX} (a slow check's all-clear is not held for rounds)
 * @param reopenWithin trouble that comes back within this time of an incident clearing continues
 *                 the same incident, marked flapping; a flapping incident ends only once it has
 *                 stayed clear this long. null: {@link #DEFAULT_REOPEN_RUNS} intervals of the check
 * @param confirm  whether a region's failure (or a failing region's first pass) makes the API ask the
 *                 other regions' probes to run the check at once, so that the decision need not wait
 *                 for their schedules (true by default; false: the target sees only scheduled runs)
 */
public record OutagePolicy(Quorum quorum, int failures, Duration within, int recovery, Degraded degraded,
        int minRegions, Duration minOpen, Duration reopenWithin, boolean confirm) {
    public static final int DEFAULT_RECOVERY = 2;
    public static final int DEFAULT_MIN_OPEN_RUNS = 3;
    public static final int DEFAULT_REOPEN_RUNS = 10;
    public static final Duration DEFAULT_MIN_OPEN_MAX = Duration.ofMinutes(2);
    public static final OutagePolicy DEFAULT = new OutagePolicy(Quorum.MAJORITY, 1, null, DEFAULT_RECOVERY,
            Degraded.DEFAULT, 1, null, null, true);

    public OutagePolicy {
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(degraded, "degraded");
        if (failures < 1 || recovery < 1 || minRegions < 1) {
            throw new IllegalArgumentException("failures, recovery and minRegions are at least 1");
        }
        if (failures > 1 && within == null) {
            throw new IllegalArgumentException("failures over 1 need a window");
        }
        if ((minOpen != null && minOpen.isNegative()) || (reopenWithin != null && reopenWithin.isNegative())) {
            throw new IllegalArgumentException("min-open and reopen-within are not negative");
        }
    }

    /** A policy that confirms (the default). */
    public OutagePolicy(Quorum quorum, int failures, Duration within, int recovery, Degraded degraded,
            int minRegions, Duration minOpen, Duration reopenWithin) {
        this(quorum, failures, within, recovery, degraded, minRegions, minOpen, reopenWithin, true);
    }

    /** The same policy without confirmation runs. */
    public OutagePolicy withoutConfirmations() {
        return new OutagePolicy(quorum, failures, within, recovery, degraded, minRegions, minOpen, reopenWithin, false);
    }

    /** A policy without flap settings of its own (they follow the check's interval). */
    public OutagePolicy(Quorum quorum, int failures, Duration within, int recovery, Degraded degraded,
            int minRegions) {
        this(quorum, failures, within, recovery, degraded, minRegions, null, null);
    }

    /** How long an incident stays open at least, for a check that runs every {@code interval}. */
    public Duration minOpenFor(Duration interval) {
        if (minOpen != null) {
            return minOpen;
        }
        Duration runs = interval.multipliedBy(DEFAULT_MIN_OPEN_RUNS);
        return runs.compareTo(DEFAULT_MIN_OPEN_MAX) > 0 ? DEFAULT_MIN_OPEN_MAX : runs;
    }

    /** The flap window, for a check that runs every {@code interval}. */
    public Duration reopenWithinFor(Duration interval) {
        return reopenWithin != null ? reopenWithin : interval.multipliedBy(DEFAULT_REOPEN_RUNS);
    }

    /**
     * A quorum: a count of regions, a share of the regions that vote, or (both 0) a majority of them.
     *
     * @param count   at least this many failing regions (0: not a count)
     * @param percent at least this share of the voting regions, rounded up (0: not a share)
     */
    public record Quorum(int count, int percent) {
        public static final Quorum MAJORITY = new Quorum(0, 0);

        public Quorum {
            if (count < 0 || percent < 0 || percent > 100 || (count > 0 && percent > 0)) {
                throw new IllegalArgumentException("a quorum is a count, a percentage or a majority");
            }
        }

        /**
         * How many failing regions open an outage when {@code voting} regions vote: a majority
         * (more than half: 1 of 1, 2 of 2, 2 of 3, 3 of 4); a count as written (while fewer regions
         * vote, none can open); a share rounded up, at least 1. With no region voting, 1 (never met).
         */
        public int required(int voting) {
            if (count > 0) {
                return count;
            }
            if (voting <= 0) {
                return 1;
            }
            if (percent > 0) {
                return Math.max(1, (int) Math.ceil(voting * percent / 100.0));
            }
            return voting / 2 + 1;
        }

        /** As written in a check file: {@code majority}, {@code 2} or {@code 60%}. */
        public String describe() {
            return count > 0 ? Integer.toString(count) : percent > 0 ? percent + "%" : "majority";
        }
    }

    /**
     * Degradation: a region is degraded after {@code runs} consecutive passed runs each slower than
     * its baseline (the percentile of its passed runs' latency over the baseline window) times
     * {@code factor} and by at least {@code floor}; it recovers after as many runs that are not.
     *
     * @param enabled    false: latency is never judged
     * @param percentile 50 or 95: which percentile of the history is the baseline
     * @param factor     how many times the baseline a run must take to count as slow (over 1)
     * @param floor      how much slower than the baseline, at least, a slow run is
     * @param runs       consecutive slow runs that make a region degraded (and normal ones that end it)
     */
    public record Degraded(boolean enabled, int percentile, double factor, Duration floor, int runs) {
        public static final Degraded DEFAULT = new Degraded(true, 50, 2.0, Duration.ofMillis(100), 3);
        public static final Degraded OFF = new Degraded(false, 50, 2.0, Duration.ofMillis(100), 3);

        public Degraded {
            Objects.requireNonNull(floor, "floor");
            if (percentile != 50 && percentile != 95) {
                throw new IllegalArgumentException("the baseline is p50 or p95");
            }
            if (!(factor > 1) || runs < 1) {
                throw new IllegalArgumentException("factor is over 1 and runs at least 1");
            }
        }
    }
}
