package org.glassprobe.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When to try again after failures in a row: exponential backoff with jitter. The ceiling of the
 * n-th wait is {@code initial × 2^(n-1)}, at most {@code max}; the wait is drawn below it as the
 * {@link Jitter} says, so that callers that failed together do not all come back at once.
 *
 * @param initial the ceiling after the first failure
 * @param max     the ceiling never exceeds this
 * @param jitter  how much of the ceiling a wait may leave out
 * @param random  uniform in [0, 1); injected so that tests are repeatable
 */
public record Backoff(Duration initial, Duration max, Jitter jitter, DoubleSupplier random) {
    /** Growth stops here; far beyond any cap a caller needs, and no overflow. */
    private static final int MAX_DOUBLINGS = 40;

    /** Where in the ceiling a wait is drawn. */
    public enum Jitter {
        /**
         * Between zero and the ceiling, rounded down (AWS architecture blog's "full jitter"):
         * spreads the callers most; the probes' shipping uses it.
         */
        FULL {
            @Override
            long draw(double ceilingMillis, double random) {
                return (long) (random * ceilingMillis);
            }
        },
        /**
         * Between half and all of the ceiling, rounded to the nearest millisecond ("equal jitter"):
         * never much sooner than planned; webhook deliveries use it.
         */
        EQUAL {
            @Override
            long draw(double ceilingMillis, double random) {
                return Math.round(ceilingMillis * (0.5 + 0.5 * random));
            }
        };

        abstract long draw(double ceilingMillis, double random);
    }

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was initial " + initial + ", max "
                    + max);
        }
    }

    /** The wait after the given number of failures in a row (1 or more; 0 counts as 1). */
    public Duration after(int failures) {
        double ceiling = initial.toMillis() * Math.pow(2, Math.min(MAX_DOUBLINGS, Math.max(0, failures - 1)));
        return Duration.ofMillis(jitter.draw(Math.min(max.toMillis(), ceiling), random.getAsDouble()));
    }

    /** A fresh count of failures in a row under this policy, for a loop that retries. */
    public Retries retries() {
        return new Retries(this);
    }

    /** Failures in a row, counted: each one waits longer, a success starts again from the first wait. */
    public static final class Retries {
        private final Backoff policy;
        private int failures;

        private Retries(Backoff policy) {
            this.policy = policy;
        }

        /** The wait before the next try, after one more failure. */
        public synchronized Duration next() {
            failures = Math.min(failures + 1, Integer.MAX_VALUE - 1);
            return policy.after(failures);
        }

        /** A success: the next failure starts from the first wait again. */
        public synchronized void reset() {
            failures = 0;
        }
    }
}
