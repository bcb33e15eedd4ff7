package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest result of a check from one probe: what that probe says about the check now.
 *
 * @param warning what did not hold of the run's warn conditions, when it passed with a warning; else null
 */
public record Vote(String probe, String region, String resultId, Instant startedAt, boolean ok, String errorKind,
        String errorMessage, double durationMs, String warning) {
    public Vote {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A vote without a warning. */
    public Vote(String probe, String region, String resultId, Instant startedAt, boolean ok, String errorKind,
            String errorMessage, double durationMs) {
        this(probe, region, resultId, startedAt, ok, errorKind, errorMessage, durationMs, null);
    }

    /** Whether the run passed with a warn condition that did not hold. */
    boolean warned() {
        return ok && warning != null;
    }

    /** A failure of kind probe says nothing about the site (the probe could not run the check). */
    boolean aboutTheSite() {
        return !"probe".equals(errorKind);
    }
}
