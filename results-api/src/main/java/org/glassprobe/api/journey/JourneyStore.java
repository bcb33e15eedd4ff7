package org.glassprobe.api.journey;

import java.util.List;
import java.util.Optional;

/**
 * What journeys need stored. The objects and reads themselves are written by ingestion, in the
 * transaction that stores their result (see {@link JourneyFacts}); this reads them back, folds
 * reads into hour roll-ups and deletes what outlived its retention.
 */
public interface JourneyStore {
    /**
     * The check's newest published object (latest round; of one round, the latest upload), with the
     * sha256 of the object published before it (null when it is the first).
     */
    Optional<Newest> newest(String check);

    record Newest(JourneyObject object, String previousSha256) {}

    /** The check's fresh reads whose round is in [fromMs, toMs), oldest first. */
    List<JourneyRead> reads(String check, long fromMs, long toMs);

    /** Of those, the ones not folded into the hour roll-ups yet, oldest first. */
    List<JourneyRead> unrolledReads(String check, long fromMs, long toMs);

    /** The check's hour roll-ups whose hour starts in [fromMs, toMs), by region and hour. */
    List<HourRow> hours(String check, long fromMs, long toMs);

    /**
     * A reading region's reads of one UTC hour (of their rounds), folded.
     *
     * @param reads       fresh reads
     * @param measured    those whose bytes became identical (a propagation was measured)
     * @param notInTime   those whose run failed
     * @param upperBounds those whose very first read was already identical
     * @param maxMs       the longest propagation, null when none was measured
     * @param histogram   the measured propagations, as {@code rollup/LatencyHistogram} encodes them
     */
    record HourRow(String region, long bucketStart, long reads, long measured, long notInTime, long upperBounds,
            Double maxMs, String histogram) {}

    /**
     * Folds up to {@code limit} reads not rolled up yet into their hour rows, in one transaction.
     *
     * @return how many were folded (fewer than the limit: nothing is left)
     */
    int rollUpNext(int limit);

    /** Counts of rows deleted by {@link #deleteExpired}. */
    record Deleted(long reads, long objects, long hours) {}

    /**
     * Deletes reads whose round is before {@code rawBefore} (only once rolled up), objects before it
     * except each check's newest (readers still re-read it), and hour rows before {@code hourBefore}.
     */
    Deleted deleteExpired(long rawBefore, long hourBefore);
}
