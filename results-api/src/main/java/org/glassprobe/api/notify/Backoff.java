package org.glassprobe.api.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try a delivery again: {@code initial} after the first failed attempt, doubled after each
 * further one up to {@code max}, each wait drawn between half and all of that (jitter, so that
 * subscribers that failed together do not all come back at once).
 *
 * @param random a source of numbers in [0, 1)
 */
public record Backoff(Duration initial, Duration max, DoubleSupplier random) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
    }

    /** The wait after the given number of failed attempts (1 or more). */
    public Duration after(int failedAttempts) {
        double ceiling = initial.toMillis() * Math.pow(2, Math.min(40, Math.max(0, failedAttempts - 1)));
        double capped = Math.min(max.toMillis(), ceiling);
        return Duration.ofMillis(Math.round(capped * (0.5 + 0.5 * random.getAsDouble())));
    }
}
