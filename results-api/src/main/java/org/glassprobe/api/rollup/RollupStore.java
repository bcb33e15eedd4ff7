package org.glassprobe.api.rollup;

/** What roll-ups and retention need stored: the raw results to fold, the minute, hour and day rows, what expires. */
public interface RollupStore {
    /** Counts of rows deleted by {@link #deleteExpired}. */
    record Deleted(long results, long minutes, long hours, long days, long probeEvents) {}

    /**
     * Folds up to {@code limit} results not yet rolled up into their minute, hour and day rows and marks
     * them rolled up, in one transaction. Late results simply merge into older buckets.
     *
     * @return how many results were folded (fewer than the limit: nothing is left)
     */
    int rollUpNext(int limit);

    /**
     * Deletes raw results started before {@code rawBefore} (only once rolled up), minute rows
     * before {@code minuteBefore}, hour rows, day rows and probe events before {@code hourBefore}; in chunks,
     * each its own transaction, so that ingestion is never blocked for long.
     */
    Deleted deleteExpired(long rawBefore, long minuteBefore, long hourBefore);
}
