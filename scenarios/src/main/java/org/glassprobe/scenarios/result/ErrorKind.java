package org.glassprobe.scenarios.result;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a run failed, in the words the results API, the page and webhooks use. */
public enum ErrorKind {
    /** The host name could not be resolved. */
    DNS,
    /** No TCP connection could be made, or it broke before the response was complete. */
    CONNECT,
    /** The TLS handshake failed (certificate, protocol, cipher). */
    TLS,
    /** The check's or the step's deadline passed before the run was complete. */
    TIMEOUT,
    /** The response's status code was not the one expected. */
    STATUS,
    /** A condition (or a capture) on the response did not hold. */
    CONDITION,
    /** Retrieved bytes differ from the file uploaded earlier in the run. */
    INTEGRITY,
    /** A scenario script or browser step failed on its own terms. */
    SCRIPT,
    /**
     * The probe could not run the check at all (its browser is missing or would not start, every
     * browser context stayed busy): says nothing about the site, so it must not count against it.
     */
    PROBE,
    /** A bug in glassprobe itself; the message says what to report. */
    INTERNAL,
    /**
     * A kind this version does not know, sent by a newer probe: read as this rather than refused,
     * so that probes and APIs of different versions can run side by side (the raw result keeps
     * the original word).
     */
    OTHER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ErrorKind fromWire(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return OTHER;
        }
    }
}
