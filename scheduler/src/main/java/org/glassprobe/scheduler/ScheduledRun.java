package org.glassprobe.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One run of a job, as planned and as it happened.
 *
 * @param job       the job's name
 * @param plannedAt when the run was due
 * @param startedAt when it actually started
 */
public record ScheduledRun(String job, Instant plannedAt, Instant startedAt) {
    public ScheduledRun {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(plannedAt, "plannedAt");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** Actual start − planned start (never negative: a run is not started early). */
    public Duration lateness() {
        Duration d = Duration.between(plannedAt, startedAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
