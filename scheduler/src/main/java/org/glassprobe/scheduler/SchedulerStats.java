package org.glassprobe.scheduler;

import java.time.Duration;

/**
 * What a scheduler has done, for heartbeats and metrics.
 *
 * @param jobs         jobs scheduled now
 * @param running      runs in progress now
 * @param runs         runs started since start-up
 * @param missed       planned runs skipped since start-up
 * @param latenessP50  median lateness over the recent runs
 * @param latenessP99  99th percentile lateness over the recent runs
 */
public record SchedulerStats(int jobs, int running, long runs, long missed, Duration latenessP50,
        Duration latenessP99) {}
