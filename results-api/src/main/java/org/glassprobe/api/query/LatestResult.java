package org.glassprobe.api.query;

import java.time.Instant;

/**
 * The newest result of one check from one probe.
 *
 * @param certificateExpiry the earliest expiry over the certificate chains the run was shown, or null without TLS
 * @param tlsVersion        the protocol of the step whose chain expires first ("TLS 1.3"), or null
 */
public record LatestResult(String check, String probe, String region, Instant startedAt, boolean ok,
        double durationMs, double resolveMs, double connectMs, double tlsMs, double processingMs,
        double transferMs, String errorKind, Instant certificateExpiry, String tlsVersion) {

    /** A result that saw no TLS. */
    public LatestResult(String check, String probe, String region, Instant startedAt, boolean ok, double durationMs,
            double resolveMs, double connectMs, double tlsMs, double processingMs, double transferMs,
            String errorKind) {
        this(check, probe, region, startedAt, ok, durationMs, resolveMs, connectMs, tlsMs, processingMs, transferMs,
                errorKind, null, null);
    }
}
