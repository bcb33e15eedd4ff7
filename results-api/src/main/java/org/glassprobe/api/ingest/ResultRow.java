package org.glassprobe.api.ingest;

import java.util.Objects;
import java.util.UUID;
import org.glassprobe.api.journey.JourneyFacts;
import org.glassprobe.api.rollup.Sample;

/**
 * One validated result ready to be stored: its id, the JSON as it will be served back, and the
 * sample that roll-ups, summaries and metrics use.
 *
 * @param inMaintenance taken inside a maintenance window of its check: kept, but counted neither for
 *                      uptime nor for latency
 * @param journey       what its {@code journey} field says that is kept with it (a published object or a
 *                      fresh read), in the same transaction; null for most results
 */
public record ResultRow(UUID id, int attempt, String errorMessage, String body, Sample sample, boolean inMaintenance,
        JourneyFacts journey) {
    public ResultRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sample, "sample");
    }

    /** A result of no journey. */
    public ResultRow(UUID id, int attempt, String errorMessage, String body, Sample sample, boolean inMaintenance) {
        this(id, attempt, errorMessage, body, sample, inMaintenance, null);
    }
}
