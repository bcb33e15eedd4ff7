package org.glassprobe.api.probes;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Map;
import org.glassprobe.api.liveness.Probe;

/** A probe as {@code GET /api/v1/probes} shows it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProbeView(
        String name,
        String region,
        Map<String, String> labels,
        String status,
        Instant statusSince,
        @Nullable Instant lastHeartbeatAt,
        @Nullable String version,
        @Nullable Instant startedAt,
        @Nullable Long spoolDepth,
        @Nullable Integer checksRunning,
        @Nullable String lastError,
        @Nullable Long clockSkewMs,
        @Nullable Double latenessP50Ms,
        @Nullable Double latenessP99Ms,
        @Nullable Long missedRuns,
        Instant enrolledAt) {

    public static ProbeView of(Probe p) {
        var b = p.lastHeartbeat();
        return new ProbeView(p.name(), p.region(), p.labels(), p.status().wireName(), p.statusSince(),
                p.lastHeartbeatAt(), b.version(), b.startedAt(), b.spoolDepth(), b.checksRunning(), b.lastError(),
                p.clockSkewMs(), b.latenessP50Ms(), b.latenessP99Ms(), b.missedRuns(), p.enrolledAt());
    }
}
