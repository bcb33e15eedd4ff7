package org.glassprobe.api.journey;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * A journey's propagation over a period, per reading region: {@code GET
 * /api/v1/checks/{name}/propagation}. Reads are placed by their round; within the raw retention
 * one point per read, older in whole UTC hours from the roll-ups.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Propagation(String check, Instant from, Instant to, List<RegionPropagation> regions) {
    public Propagation {
        regions = List.copyOf(regions);
    }

    /** Whether anything was read in the period. */
    public boolean hasReads() {
        return !regions.isEmpty();
    }

    /**
     * One reading region's figures.
     *
     * @param reads          fresh reads: runs that read the object of their own round
     * @param count          those whose bytes became identical: objects read, with a propagation
     * @param notReadInTime  fresh reads whose run failed: never identical within the run's timeout, or
     *                       identical too late for the journey's {@code expect}
     * @param upperBounds    reads whose very first attempt was already identical (the value is an upper bound)
     * @param p50Ms          median propagation, null when none was measured
     * @param p95Ms          95th percentile (nearest rank; within 1 % when hour roll-ups are part of the period)
     * @param maxMs          the longest propagation
     * @param series         one point per read within the raw retention, oldest first (the newest
     *                       {@link JourneyService#MAX_SERIES} when there are more)
     * @param seriesTruncated true when older points were left out of {@code series} (the figures count them)
     * @param hours          older reads, one row per UTC hour, oldest first
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RegionPropagation(String region, long reads, long count, long notReadInTime, long upperBounds,
            @Nullable Double p50Ms, @Nullable Double p95Ms, @Nullable Double maxMs, List<ReadPoint> series,
            boolean seriesTruncated, List<HourFigures> hours) {
        public RegionPropagation {
            series = List.copyOf(series);
            hours = List.copyOf(hours);
        }

        /** The newest point, null when the period has none within the raw retention. */
        public ReadPoint last() {
            return series.isEmpty() ? null : series.get(series.size() - 1);
        }
    }

    /**
     * One read: the round, the object read (its id is the writer's result id) and who wrote it,
     * the propagation (null when never identical), and the reads before the first identical one.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ReadPoint(Instant round, String objectId, String writerRegion, String probe,
            @Nullable Double propagationMs, boolean upperBound, boolean ok, int reads,
            JourneyRead.FailuresBefore failuresBefore) {}

    /** One UTC hour of a region's older reads, from the roll-ups. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HourFigures(Instant start, long reads, long count, long notReadInTime, @Nullable Double p50Ms,
            @Nullable Double p95Ms, @Nullable Double maxMs) {}
}
