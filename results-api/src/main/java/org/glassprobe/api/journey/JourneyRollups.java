package org.glassprobe.api.journey;

import java.time.Clock;
import org.glassprobe.api.config.ApiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journeys' share of the roll-up and retention jobs: folds reads into hour roll-ups (so that
 * propagation keeps hour-level figures once raw reads expire), then deletes reads and objects
 * older than the raw retention (reads only once folded; each check's newest object is kept) and
 * hour rows older than the hour retention.
 */
public final class JourneyRollups {
    private final Logger logger = LoggerFactory.getLogger(JourneyRollups.class);
    private final JourneyStore store;
    private final int batchSize;
    private final Clock clock;
    private final ApiConfig.Retention retention;

    public JourneyRollups(JourneyStore store, int batchSize, Clock clock, ApiConfig.Retention retention) {
        this.store = store;
        this.batchSize = batchSize;
        this.clock = clock;
        this.retention = retention;
    }

    /** Rolls up until nothing is left; returns how many reads were folded. */
    public long rollUp() {
        long total = 0;
        int n;
        do {
            n = store.rollUpNext(batchSize);
            total += n;
        } while (n == batchSize);
        if (total > 0) {
            logger.atDebug().addKeyValue("reads", total).log("journey reads rolled up");
        }
        return total;
    }

    public JourneyStore.Deleted deleteExpired() {
        long now = clock.millis();
        JourneyStore.Deleted deleted = store.deleteExpired(now - retention.raw().toMillis(),
                now - retention.hour().toMillis());
        if (deleted.reads() + deleted.objects() + deleted.hours() > 0) {
            logger.atInfo().addKeyValue("reads", deleted.reads()).addKeyValue("objects", deleted.objects())
                    .addKeyValue("hourRollups", deleted.hours()).log("old journey data deleted");
        }
        return deleted;
    }
}
