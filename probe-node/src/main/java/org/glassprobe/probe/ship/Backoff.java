package org.glassprobe.probe.ship;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter (AWS architecture blog's "full jitter"): the n-th retry
 * waits a random time between zero and {@code min(cap, base × 2^n)}, so that probes coming back
 * after an outage of the API do not all knock at once.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param random uniform in [0, 1); injected so that tests are repeatable
     */
    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        this.random = Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, was base " + base + ", cap " + cap);
        }
    }

    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), Math::random);
    }

    /** The wait before the next try, after one more failure. */
    public synchronized Duration next() {
        long ceiling = base.toMillis() << Math.min(failures, 20);
        failures++;
        long bounded = Math.min(cap.toMillis(), ceiling);
        return Duration.ofMillis((long) (random.getAsDouble() * bounded));
    }

    /** A success: the next failure starts from the base again. */
    public synchronized void reset() {
        failures = 0;
    }

    public synchronized int failures() {
        return failures;
    }
}
