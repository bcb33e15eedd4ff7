package org.glassprobe.api.outage;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What was decided about a check last time: its state, its regions' states, its open incidents, and
 * of each kind the incident that ended last (trouble back soon after it continues it).
 */
public record Previous(CheckRecord check, Map<String, RegionRecord> regions, Map<IncidentKind, IncidentRecord> open,
        Map<IncidentKind, IncidentRecord> ended) {
    public Previous {
        Objects.requireNonNull(check, "check");
        regions = Map.copyOf(regions);
        open = Map.copyOf(open);
        ended = Map.copyOf(ended);
    }

    Optional<IncidentRecord> open(IncidentKind kind) {
        return Optional.ofNullable(open.get(kind));
    }
}
