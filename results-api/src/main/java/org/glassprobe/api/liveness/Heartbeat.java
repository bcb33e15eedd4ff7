package org.glassprobe.api.liveness;

import java.time.Instant;

/**
 * What a probe says about itself every few seconds. Every field is optional on the wire (null
 * when absent) so that probes of different versions can talk to one API.
 *
 * @param version       the probe's software version
 * @param startedAt     when the probe process started
 * @param spoolDepth    results written to its spool and not yet acknowledged
 * @param checksRunning checks running at this moment
 * @param lastError     the last error the probe wants an operator to see
 * @param clock         the probe's wall clock when it sent the heartbeat (for the clock skew)
 * @param latenessP50Ms median lateness of its scheduled runs
 * @param latenessP99Ms 99th percentile lateness of its scheduled runs
 * @param missedRuns    runs its scheduler had to skip since it started
 */
public record Heartbeat(
        String version,
        Instant startedAt,
        Long spoolDepth,
        Integer checksRunning,
        String lastError,
        Instant clock,
        Double latenessP50Ms,
        Double latenessP99Ms,
        Long missedRuns) {}
