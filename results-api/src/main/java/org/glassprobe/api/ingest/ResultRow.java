package org.glassprobe.api.ingest;

import java.util.Objects;
import java.util.UUID;
import org.glassprobe.api.rollup.Sample;

/**
 * One validated result ready to be stored: its id, the JSON as it will be served back, and the
 * sample that roll-ups, summaries and metrics use.
 *
 * @param inMaintenance taken inside a maintenance window of its check: kept, but counted neither for
 *                      uptime nor for latency
 */
public record ResultRow(UUID id, int attempt, String errorMessage, String body, Sample sample, boolean inMaintenance) {
    public ResultRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sample, "sample");
    }
}
