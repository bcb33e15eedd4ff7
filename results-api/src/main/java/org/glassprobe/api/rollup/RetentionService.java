package org.glassprobe.api.rollup;

import java.time.Clock;
import org.glassprobe.api.config.ApiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolution decays with age: deletes raw results, minute, hour and day roll-ups older than their
 * retention. A raw result is deleted only once it is rolled up, so no run is ever lost from the
 * counts.
 */
public final class RetentionService {
    private final Logger logger = LoggerFactory.getLogger(RetentionService.class);
    private final RollupStore results;
    private final Clock clock;
    private final ApiConfig.Retention retention;

    public RetentionService(RollupStore results, Clock clock, ApiConfig.Retention retention) {
        this.results = results;
        this.clock = clock;
        this.retention = retention;
    }

    public RollupStore.Deleted runOnce() {
        long now = clock.millis();
        RollupStore.Deleted deleted = results.deleteExpired(now - retention.raw().toMillis(),
                now - retention.minute().toMillis(), now - retention.hour().toMillis());
        if (deleted.results() + deleted.minutes() + deleted.hours() + deleted.days() + deleted.probeEvents() > 0) {
            logger.atInfo().addKeyValue("results", deleted.results()).addKeyValue("minuteRollups", deleted.minutes())
                    .addKeyValue("hourRollups", deleted.hours())
                    .addKeyValue("dayRollups", deleted.days()).addKeyValue("probeEvents", deleted.probeEvents())
                    .log("old data deleted");
        }
        return deleted;
    }
}
