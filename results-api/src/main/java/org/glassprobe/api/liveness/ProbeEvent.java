package org.glassprobe.api.liveness;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of a probe's liveness, as recorded: the outage issue turns {@code down} and {@code up}
 * events into {@code probe.down} and {@code probe.up} webhooks.
 */
public record ProbeEvent(long id, long probeId, String probe, String region, Instant at, ProbeStatus from,
        ProbeStatus to, Instant lastHeartbeatAt) {
    public ProbeEvent {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
