package org.glassprobe.api.journey;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a reader measured of the object written in its own round (a fresh read): from a reader
 * result's {@code journey}. Its id is the reader result's id.
 *
 * @param ok            whether the reader's run passed (false: not read in time, or read too late
 *                      for the journey's {@code expect})
 * @param propagationMs first identical read − upload; null when never identical within the run
 * @param upperBound    the very first read was identical: the propagation happened at or before it
 * @param reads         how many reads the run made
 */
public record JourneyRead(UUID id, String check, String region, String probe, Instant round, Instant startedAt,
        UUID objectId, String writerRegion, boolean ok, Double propagationMs, boolean upperBound, int reads,
        FailuresBefore failuresBefore) {
    public JourneyRead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(writerRegion, "writerRegion");
        Objects.requireNonNull(failuresBefore, "failuresBefore");
    }

    /** Reads before the first identical one, by kind, as the contract counts them. */
    public record FailuresBefore(int missing, int stale, int different, int error) {
        public static final FailuresBefore NONE = new FailuresBefore(0, 0, 0, 0);
    }
}
