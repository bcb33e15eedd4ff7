package org.glassprobe.api.outage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.glassprobe.scenarios.model.OutagePolicy;

/** What a decision needs to know about a check: its rhythm, its regions and its outage policy. */
public record Subject(String check, Duration interval, Duration timeout, int retries, List<String> regions,
        OutagePolicy policy) {
    public Subject {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        regions = List.copyOf(regions);
        Objects.requireNonNull(policy, "policy");
    }

    /** How long a result votes: two intervals (one run may be missed), the run's attempts, and a grace. */
    public Duration votesFor(Duration grace) {
        return interval.multipliedBy(2).plus(timeout.multipliedBy(retries + 1L)).plus(grace);
    }
}
