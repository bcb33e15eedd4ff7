package org.glassprobe.scheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * A job to run on an interval.
 *
 * @param name     unique within a scheduler; also what its start offset is spread by
 * @param interval time between planned runs, at least {@link IntervalScheduler#MIN_INTERVAL}
 * @param version  anything that changes when the job's definition changes (for example a hash
 *                 of its check file); a changed version with the same interval takes effect at
 *                 the next run without rescheduling
 * @param task     what each run does
 */
public record JobDefinition(String name, Duration interval, String version, JobTask task) {
    public JobDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(task, "task");
        if (interval.compareTo(IntervalScheduler.MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("job " + name + ": interval " + interval + " is shorter than "
                    + IntervalScheduler.MIN_INTERVAL);
        }
    }
}
