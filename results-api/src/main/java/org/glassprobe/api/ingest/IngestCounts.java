package org.glassprobe.api.ingest;

/**
 * What became of a batch.
 *
 * @param stored     results stored now
 * @param duplicates results whose id was stored before (or that came twice in the batch): acknowledged, not stored again
 * @param expired    results older than the raw retention: acknowledged, counted, not stored
 * @param unassigned results of a check that no longer runs in the probe's region, run after it stopped
 *                   (the probe had not yet heard of the change): acknowledged, counted, not stored
 */
public record IngestCounts(int stored, int duplicates, int expired, int unassigned) {
    public IngestCounts(int stored, int duplicates, int expired) {
        this(stored, duplicates, expired, 0);
    }
}
