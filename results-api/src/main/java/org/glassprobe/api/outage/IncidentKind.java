package org.glassprobe.api.outage;

import java.util.Locale;

/** What an incident is: an outage, a regional failure (fewer regions than the quorum), or a degraded episode. */
public enum IncidentKind {
    OUTAGE, REGIONAL, DEGRADED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IncidentKind fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
