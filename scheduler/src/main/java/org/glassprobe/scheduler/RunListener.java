package org.glassprobe.scheduler;

import java.time.Duration;

/** Hears about every run and every missed run, so that nothing is skipped silently. */
public interface RunListener {
    /** A run finished; {@code failure} is null when the task returned normally. */
    default void finished(ScheduledRun run, Duration took, Throwable failure) {}

    /** Planned runs were skipped because they could not start on time. */
    default void missed(MissedRun missed) {}

    RunListener NONE = new RunListener() {};
}
