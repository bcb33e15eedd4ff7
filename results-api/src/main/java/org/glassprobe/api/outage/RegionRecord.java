package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.Objects;

/**
 * A region's decided state for one check, as stored.
 *
 * @param state     as shown: OPERATIONAL, DEGRADED, OUTAGE (failing there), MAINTENANCE or UNKNOWN (not voting)
 * @param failing   whether the region counts as failing (kept while it does not vote)
 * @param degraded  whether the region's latency counts as degraded
 * @param lastError the latest failure's message there, or null
 */
public record RegionRecord(String region, CheckStates.State state, Instant since, boolean failing, boolean degraded,
        String lastError) {
    public RegionRecord {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    static RegionRecord fresh(String region, Instant now) {
        return new RegionRecord(region, CheckStates.State.UNKNOWN, now, false, false, null);
    }

    public CheckStates.RegionState view() {
        return new CheckStates.RegionState(region, state, since, lastError);
    }
}
