package org.glassprobe.api.liveness;

import java.util.Locale;

/** A probe's liveness, from its heartbeats: never heard from, up, late, or down. */
public enum ProbeStatus {
    NEW, UP, LATE, DOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProbeStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether a probe in this state counts as alive (its region votes, its metrics say up). */
    public boolean alive() {
        return this == UP;
    }
}
