package org.glassprobe.demo.faults;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault in force since it was last set, with the count of requests it has seen.
 *
 * <p>{@code flaky N} fails request number {@code i} (counted from 0 since the mode was set)
 * exactly when {@code floor((i + 1) * N / 100) > floor(i * N / 100)}: so exactly N of every
 * 100 consecutive requests fail, spread as evenly as possible (with 50, every second request).
 */
final class ActiveFault {

    private final Fault fault;
    private final String region;
    private final AtomicLong requests = new AtomicLong();

    ActiveFault(Fault fault) {
        this(fault, null);
    }

    /** @param region the region whose requests it applies to; null for every request */
    ActiveFault(Fault fault, String region) {
        this.fault = fault;
        this.region = region;
    }

    /** The region whose requests the fault applies to; null when it applies to every request. */
    String region() {
        return region;
    }

    Fault fault() {
        return fault;
    }

    /** Counts one request and says whether the flaky schedule fails it. */
    boolean nextRequestFails() {
        return failsAt(requests.getAndIncrement(), fault.value());
    }

    static boolean failsAt(long requestIndex, int percent) {
        return (requestIndex + 1) * percent / 100 > requestIndex * percent / 100;
    }
}
