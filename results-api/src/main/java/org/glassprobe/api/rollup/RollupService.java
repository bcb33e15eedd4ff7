package org.glassprobe.api.rollup;

import org.glassprobe.api.metrics.ApiMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Folds every result not rolled up yet into its minute, hour and day roll-ups: the roll-up job's work. */
public final class RollupService {
    private final Logger logger = LoggerFactory.getLogger(RollupService.class);
    private final RollupStore results;
    private final int batchSize;
    private final ApiMetrics metrics;

    public RollupService(RollupStore results, int batchSize, ApiMetrics metrics) {
        this.results = results;
        this.batchSize = batchSize;
        this.metrics = metrics;
    }

    /** Rolls up until nothing is left; returns how many results were folded. */
    public long runOnce() {
        long total = 0;
        int n;
        do {
            n = results.rollUpNext(batchSize);
            total += n;
        } while (n == batchSize);
        if (total > 0) {
            metrics.rolledUp(total);
            logger.atDebug().addKeyValue("results", total).log("results rolled up");
        }
        return total;
    }
}
