package org.glassprobe.api.outage;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What was decided about a check last time: its state, its regions' states, its open incidents. */
public record Previous(CheckRecord check, Map<String, RegionRecord> regions, Map<IncidentKind, IncidentRecord> open) {
    public Previous {
        Objects.requireNonNull(check, "check");
        regions = Map.copyOf(regions);
        open = Map.copyOf(open);
    }

    Optional<IncidentRecord> open(IncidentKind kind) {
        return Optional.ofNullable(open.get(kind));
    }
}
