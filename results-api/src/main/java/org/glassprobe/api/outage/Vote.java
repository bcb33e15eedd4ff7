package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.Objects;

/** The latest result of a check from one probe: what that probe says about the check now. */
public record Vote(String probe, String region, String resultId, Instant startedAt, boolean ok, String errorKind,
        String errorMessage, double durationMs) {
    public Vote {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A failure of kind probe says nothing about the site (the probe could not run the check). */
    boolean aboutTheSite() {
        return !"probe".equals(errorKind);
    }
}
