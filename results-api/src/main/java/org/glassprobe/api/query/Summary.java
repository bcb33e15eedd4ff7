package org.glassprobe.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Map;

/**
 * How available and how fast a check was over a period, overall and per region (what the summary
 * route answers and what the uptime page shows).
 *
 * @param sources how many day, hour and minute roll-up rows and raw results the figures come from
 */
public record Summary(String check, String period, Instant from, Instant to, Figures overall,
        Map<String, Figures> regions, Sources sources) {

    /**
     * @param uptimePercent passed runs / runs × 100, null without runs
     * @param errors        failures by error kind
     * @param latencyMs     by phase (total, resolve, connect, tls, processing, transfer): p50, p95, p99
     *                      of passed runs in ms; null without passed runs
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Figures(long runs, long failures, @Nullable Double uptimePercent, Map<String, Long> errors,
            @Nullable Map<String, Percentiles> latencyMs) {}

    public record Percentiles(double p50, double p95, double p99) {}

    /** How many day, hour and minute roll-up rows and raw results (not rolled up yet) were read. */
    public record Sources(long dayRollups, long hourRollups, long minuteRollups, long rawResults) {}
}
