package org.glassprobe.api.query;

import java.time.Instant;

/** The newest result of one check from one probe. */
public record LatestResult(String check, String probe, String region, Instant startedAt, boolean ok,
        double durationMs, double resolveMs, double connectMs, double tlsMs, double processingMs,
        double transferMs, String errorKind) {}
