package org.glassprobe.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * Runs of a job that could not start on time and were skipped.
 *
 * @param job       the job's name
 * @param plannedAt the first skipped planned start
 * @param count     how many consecutive planned runs were skipped, at least 1
 * @param reason    why, in words for a log
 */
public record MissedRun(String job, Instant plannedAt, int count, String reason) {
    public MissedRun {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(plannedAt, "plannedAt");
        Objects.requireNonNull(reason, "reason");
        if (count < 1) {
            throw new IllegalArgumentException("a missed run counts at least one run");
        }
    }
}
