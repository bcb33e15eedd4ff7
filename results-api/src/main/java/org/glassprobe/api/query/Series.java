package org.glassprobe.api.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A check's availability and latency in time buckets (the uptime page's daily bars and latency
 * charts), overall and per region. Every bucket of the window is present, empty ones with 0 runs.
 */
public record Series(String check, String period, String step, Instant from, Instant to, List<Point> overall,
        Map<String, List<Point>> regions) {

    /**
     * One bucket: runs, failures, uptime (null without runs) and the latency of passed runs' totals
     * in ms (null without passed runs).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(Instant start, long runs, long failures, @Nullable Double uptimePercent, @Nullable Double p50Ms,
            @Nullable Double p95Ms, @Nullable Double p99Ms) {}
}
