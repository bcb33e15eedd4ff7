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
 * @param warning       for a passed run whose warn conditions did not all hold, what did not hold; else null
 * @param tls           the run's TLS facts (the step whose certificate chain expires first), or null
 * @param journey       what its {@code journey} field says that is kept with it (a published object or a
 *                      fresh read), in the same transaction; null for most results
 */
public record ResultRow(UUID id, int attempt, String errorMessage, String body, Sample sample, boolean inMaintenance,
        String warning, Tls tls, JourneyFacts journey) {
    public ResultRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sample, "sample");
    }

    /** A result that did not warn, saw no TLS and is no journey's. */
    public ResultRow(UUID id, int attempt, String errorMessage, String body, Sample sample, boolean inMaintenance) {
        this(id, attempt, errorMessage, body, sample, inMaintenance, null, null, null);
    }

    /** A result that is no journey's. */
    public ResultRow(UUID id, int attempt, String errorMessage, String body, Sample sample, boolean inMaintenance,
            String warning, Tls tls) {
        this(id, attempt, errorMessage, body, sample, inMaintenance, warning, tls, null);
    }

    /**
     * What /metrics and the page show of a run's TLS.
     *
     * @param certificateExpiryMs the earliest expiry over the chain, epoch ms
     * @param version             the protocol, as blackbox_exporter writes it ("TLS 1.3"), or null
     */
    public record Tls(long certificateExpiryMs, String version) {}
}
