package org.glassprobe.api.rollup;

import java.util.List;
import java.util.Locale;

/** The latencies kept per result and roll-up: the run's total and its network phases (blackbox_exporter's names). */
public enum Phase {
    TOTAL, RESOLVE, CONNECT, TLS, PROCESSING, TRANSFER;

    public static final List<Phase> NETWORK = List.of(RESOLVE, CONNECT, TLS, PROCESSING, TRANSFER);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
