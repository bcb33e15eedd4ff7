package org.glassprobe.api.liveness;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An enrolled probe: who it is, where, its liveness and what its last heartbeat said.
 *
 * @param clockSkewMs the probe's clock minus the API's when the last heartbeat arrived, or null
 */
public record Probe(
        long id,
        String name,
        String region,
        Map<String, String> labels,
        Instant enrolledAt,
        ProbeStatus status,
        Instant statusSince,
        Instant lastHeartbeatAt,
        Heartbeat lastHeartbeat,
        Long clockSkewMs) {

    public Probe {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusSince, "statusSince");
    }
}
