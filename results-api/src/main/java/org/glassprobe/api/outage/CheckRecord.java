package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.Objects;

/**
 * A check's decided state, as stored, with its open incidents of each kind (null: none): outage,
 * regional failure, degradation and regional slowdown.
 *
 * @param version the stored row's version, -1 when nothing is stored yet
 */
public record CheckRecord(String check, CheckStates.State state, Instant since, String outageId, String regionalId,
        String degradedId, String regionalDegradedId, long version) {
    public CheckRecord {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    static CheckRecord fresh(String check, Instant since) {
        return new CheckRecord(check, CheckStates.State.UNKNOWN, since, null, null, null, null, -1);
    }

    /** The same decision, ignoring the stored version. */
    boolean sameAs(CheckRecord other) {
        return state == other.state && since.equals(other.since) && Objects.equals(outageId, other.outageId)
                && Objects.equals(regionalId, other.regionalId) && Objects.equals(degradedId, other.degradedId)
                && Objects.equals(regionalDegradedId, other.regionalDegradedId);
    }
}
