package org.glassprobe.api.outage;

import java.util.Locale;

/**
 * What an incident is: an outage, a regional failure (fewer regions than the quorum), a degraded
 * episode (at least the quorum of regions slow), or a regional slowdown (fewer regions slow).
 */
public enum IncidentKind {
    OUTAGE, REGIONAL, DEGRADED, REGIONAL_DEGRADED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IncidentKind fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
