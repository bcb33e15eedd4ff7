package org.glassprobe.demo.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ways the demo site misbehaves on purpose; each applies to every route of the main port,
 * for every request or (all but {@link #REFUSE}) only for one region's requests.
 */
public enum FaultMode {
    /** No fault: the site answers normally. */
    NONE(null),
    /** Every request is answered 503 with a short text body. */
    DOWN(null),
    /** The listening socket is closed, so a connect gets ECONNREFUSED. */
    REFUSE(null),
    /** The value, in milliseconds, is added before every response. */
    SLOW(new ValueRange(0, 600_000, "milliseconds added before the response")),
    /** {@code GET /images/{id}} returns the stored bytes with the last byte flipped. */
    CORRUPT(null),
    /** The value is the percentage of requests answered 500, spread evenly (see {@link ActiveFault}). */
    FLAKY(new ValueRange(0, 100, "percent of requests that fail with 500")),
    /** Connections are accepted and requests never answered, until the mode is left. */
    HANG(null);

    private final ValueRange valueRange;

    FaultMode(ValueRange valueRange) {
        this.valueRange = valueRange;
    }

    /** The name used on the admin API and the command line: {@code slow}, {@code flaky}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the mode acts on the listening socket rather than on requests, so that it cannot
     * apply to one region only: a connection is refused before any header says its region.
     */
    public boolean actsOnConnections() {
        return this == REFUSE;
    }

    /** The wire names of the modes that can apply to one region, for error messages. */
    public static String regionalWireNames() {
        return Arrays.stream(values()).filter(mode -> !mode.actsOnConnections()).map(FaultMode::wireName)
                .collect(Collectors.joining(", "));
    }

    /** The values this mode accepts; empty when it takes no value. */
    public Optional<ValueRange> valueRange() {
        return Optional.ofNullable(valueRange);
    }

    /** Finds a mode by its wire name, ignoring case. */
    public static Optional<FaultMode> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(mode -> mode.wireName().equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /** The wire names of all modes, for error messages: {@code none, down, refuse, ...}. */
    public static String allWireNames() {
        return Arrays.stream(values()).map(FaultMode::wireName).collect(Collectors.joining(", "));
    }

    /** The inclusive range of values a mode takes, and what the value means. */
    public record ValueRange(int min, int max, String meaning) {
        public boolean contains(int value) {
            return value >= min && value <= max;
        }
    }
}
