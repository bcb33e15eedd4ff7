package org.glassprobe.scenarios.condition;

import java.util.Locale;
import java.util.Objects;

/**
 * The left side of a condition: a fact about the response, such as {@code [STATUS]} or
 * {@code [BODY].url}, optionally wrapped in {@code len(...)} or {@code has(...)}.
 *
 * @param kind     which fact
 * @param argument the JSON path after {@code [BODY].} or the header name after {@code [HEADER].}; empty otherwise
 * @param function NONE, LEN or HAS
 */
public record Placeholder(Kind kind, String argument, Function function) {
    public Placeholder {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(function, "function");
    }

    /** The facts a condition can look at. */
    public enum Kind {
        STATUS(true),
        RESPONSE_TIME(true),
        BODY(false),
        HEADER(false),
        CONNECTED(false),
        IP(false),
        CERTIFICATE_EXPIRATION(true),
        CERTIFICATE_TRUSTED(false),
        CERTIFICATE_HOSTNAME(false),
        TLS_VERSION(false),
        /** A journey's reader: ms from the writer's upload to the first byte-identical read. */
        PROPAGATION(true),
        /** A dns step's response code: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ... */
        DNS_RCODE(false);

        private final boolean numeric;

        Kind(boolean numeric) {
            this.numeric = numeric;
        }

        public boolean numeric() {
            return numeric;
        }

        public String token() {
            return "[" + name() + "]";
        }
    }

    public enum Function {
        NONE,
        LEN,
        HAS;

        String wrap(String inner) {
            return this == NONE ? inner : name().toLowerCase(Locale.ROOT) + "(" + inner + ")";
        }
    }

    /** Whether the value this placeholder produces is always a number. */
    public boolean numeric() {
        return function == Function.LEN || (function == Function.NONE && kind.numeric());
    }

    /** Whether durations such as {@code 2s} are meaningful on the right side (values are in ms). */
    public boolean takesDurations() {
        return function == Function.NONE && (kind == Kind.RESPONSE_TIME || kind == Kind.CERTIFICATE_EXPIRATION
                || kind == Kind.PROPAGATION);
    }

    @Override
    public String toString() {
        String inner = kind.token() + (argument.isEmpty() ? "" : "." + argument);
        return function.wrap(inner);
    }
}
