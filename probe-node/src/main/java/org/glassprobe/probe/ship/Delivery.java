package org.glassprobe.probe.ship;

/**
 * What became of a batch of results sent to the results API. Transient and fatal trouble are
 * different types: the first is retried with backoff, the second needs a person.
 */
public sealed interface Delivery {
    /** Every result of the batch is stored (or was already: duplicates count as delivered). */
    record Accepted(int stored, int duplicates) implements Delivery {}

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
