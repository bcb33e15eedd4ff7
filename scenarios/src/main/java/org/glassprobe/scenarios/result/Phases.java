package org.glassprobe.scenarios.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Network phases of one step in milliseconds, named as blackbox_exporter names them. A phase that
 * did not happen (a reused connection, plain HTTP) is 0. Over redirects each phase is the sum of
 * every hop.
 *
 * @param resolve    DNS resolution
 * @param connect    TCP connect (without TLS)
 * @param tls        TLS handshake
 * @param processing from having a connection to the first byte of the response: request written,
 *                   server work, network round trip
 * @param transfer   from the first byte of the response to its last
 */
public record Phases(double resolve, double connect, double tls, double processing, double transfer) {
    public static final Phases NONE = new Phases(0, 0, 0, 0, 0);

    public Phases {
        requireNonNegative("resolve", resolve);
        requireNonNegative("connect", connect);
        requireNonNegative("tls", tls);
        requireNonNegative("processing", processing);
        requireNonNegative("transfer", transfer);
    }

    /** These phases and another call's, phase by phase. */
    public Phases plus(Phases other) {
        return new Phases(round(resolve + other.resolve), round(connect + other.connect), round(tls + other.tls),
                round(processing + other.processing), round(transfer + other.transfer));
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    /** The phases added up, in ms, rounded to the microsecond as each phase is. */
    public double sum() {
        return Math.round((resolve + connect + tls + processing + transfer) * 1000.0) / 1000.0;
    }

    /** The phases by their blackbox_exporter names, in the order they happen. */
    public Map<String, Double> byName() {
        Map<String, Double> phases = new LinkedHashMap<>();
        phases.put("resolve", resolve);
        phases.put("connect", connect);
        phases.put("tls", tls);
        phases.put("processing", processing);
        phases.put("transfer", transfer);
        return phases;
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("phase " + name + " must be >= 0, was " + value);
        }
    }
}
