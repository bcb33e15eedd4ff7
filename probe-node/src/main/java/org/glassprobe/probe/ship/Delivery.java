package org.glassprobe.probe.ship;

/**
 * What became of a batch of results sent to the results API. Transient and fatal trouble are
 * different types: the first is retried with backoff, the second needs a person.
 */
public sealed interface Delivery {
    /**
     * The API took the whole batch: stored, or stored before (duplicates, and results older than its
     * retention, count as delivered), or {@code unassigned}: run after their check left this probe's
     * region, before the probe heard of it, acknowledged and not stored.
     */
    record Accepted(int stored, int duplicates, int unassigned) implements Delivery {
        public Accepted(int stored, int duplicates) {
            this(stored, duplicates, 0);
        }
    }

    /**
     * The API refused the batch because of one result, which it will never take (for example a
     * check no longer assigned to this probe); nothing of the batch was stored.
     *
     * @param index  the refused result's place in the batch
     * @param reason the API's words
     */
    record Rejected(int index, String reason) implements Delivery {}

    /** Worth trying again later: network down, API restarting, overloaded. */
    record Transient(String reason) implements Delivery {}

    /** Will not get better by retrying: the probe's token was refused. Results stay spooled. */
    record Fatal(String reason) implements Delivery {}
}
