package org.glassprobe.scheduler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Where in its interval a job runs: an offset derived from its name alone, so that jobs do not
 * all start at once (no thundering herd at start-up), and so that every probe runs the same
 * check at the same moment of the interval (their results describe the same instant).
 */
final class Spread {
    private Spread() {}

    /** The job's offset within its interval, in milliseconds: deterministic by name. */
    static long offsetMillis(String name, Duration interval) {
        long hash = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        return Math.floorMod(hash, interval.toMillis());
    }

    /**
     * The first planned run at or after {@code now}: runs are planned at
     * {@code k × interval + offset} milliseconds since the epoch.
     */
    static Instant firstRun(String name, Duration interval, Instant now) {
        long period = interval.toMillis();
        long offset = offsetMillis(name, interval);
        long t = now.toEpochMilli();
        long slot = Math.floorDiv(t - offset, period) * period + offset;
        if (slot < t) {
            slot += period;
        }
        return Instant.ofEpochMilli(slot);
    }
}
