package org.glassprobe.scenarios.model;

import java.util.Locale;

/** What a check is: one request, or an ordered journey of steps. */
public enum CheckKind {
    PING,
    SCENARIO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
