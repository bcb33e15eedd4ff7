package org.glassprobe.scenarios.run;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.result.JourneyReport;

/**
 * Where a run of a journey check stands: the round it belongs to, whether it writes or reads, and
 * where a reader finds what was written.
 *
 * @param round   the planned instant of the run (a probe's scheduled run); empty: now
 * @param role    writer, reader, or as the check's writer says for this round and the probe's region
 * @param objects where a reader asks for the object to read
 */
public record JourneyPlace(Optional<Instant> round, Role role, ObjectSource objects) {
    /** A probe's run of a journey: by the round and its region; the API has nothing to read yet. */
    public static final JourneyPlace NONE = new JourneyPlace(Optional.empty(), Role.BY_ROUND, ObjectSource.NONE);

    public JourneyPlace {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(objects, "objects");
    }

    /** Whether this run writes or reads. */
    public enum Role {
        /** the check's writer for this round and region decides */
        BY_ROUND,
        WRITER,
        READER
    }

    /** Where a reader learns of the objects written (the results API, for a probe). */
    @FunctionalInterface
    public interface ObjectSource {
        ObjectSource NONE = (check, round, wait) -> new Lookup(Optional.empty(), Optional.empty());

        /**
         * The newest object written for the check; while the newest is from a round before
         * {@code round}, waits up to {@code wait} for one of that round.
         *
         * @throws IOException when it cannot be asked (the reader's run then says so, as the probe's trouble)
         */
        Lookup latest(String check, Instant round, Duration wait) throws IOException;
    }

    /**
     * What a reader was told.
     *
     * @param object         the newest object written, with its id, round and writer
     * @param previousSha256 the SHA-256 of the object written before it, to tell stale bytes
     */
    public record Lookup(Optional<JourneyReport.PublishedObject> object, Optional<String> previousSha256) {
        public Lookup {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(previousSha256, "previousSha256");
        }
    }
}
