package org.glassprobe.api.query;

import java.time.Instant;
import java.util.Objects;

/** A raw result as stored: who sent it, when it arrived, and its JSON as received. */
public record StoredResult(long seq, String probe, String region, Instant startedAt, Instant receivedAt, String body) {
    public StoredResult {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(body, "body");
    }
}
