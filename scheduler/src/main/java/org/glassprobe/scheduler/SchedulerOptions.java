package org.glassprobe.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a scheduler runs.
 *
 * @param name          the scheduler's name (threads are named after it)
 * @param workers       the bound on runs at once
 * @param missThreshold a run that cannot start within this of its planned time is skipped and
 *                      reported as missed
 * @param listener      hears about runs and missed runs
 * @param clock         plans the runs and measures their lateness; Quartz fires on the system's
 *                      clock, so a running probe passes that one
 */
public record SchedulerOptions(String name, int workers, Duration missThreshold, RunListener listener, Clock clock) {
    public SchedulerOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(missThreshold, "missThreshold");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        if (workers < 1 || workers > 1000) {
            throw new IllegalArgumentException("workers must be 1..1000, was " + workers);
        }
        if (missThreshold.toMillis() < 1) {
            throw new IllegalArgumentException("missThreshold must be at least 1 ms, was " + missThreshold);
        }
    }

    public static SchedulerOptions defaults(String name) {
        return new SchedulerOptions(name, 16, Duration.ofSeconds(1), RunListener.NONE, Clock.systemUTC());
    }

    public SchedulerOptions withWorkers(int n) {
        return new SchedulerOptions(name, n, missThreshold, listener, clock);
    }

    public SchedulerOptions withMissThreshold(Duration threshold) {
        return new SchedulerOptions(name, workers, threshold, listener, clock);
    }

    public SchedulerOptions withListener(RunListener l) {
        return new SchedulerOptions(name, workers, missThreshold, l, clock);
    }

    public SchedulerOptions withClock(Clock c) {
        return new SchedulerOptions(name, workers, missThreshold, listener, c);
    }
}
