package org.glassprobe.scenarios.result;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One attempt of a check run: the first try, or a retry after a failure.
 *
 * @param number     1 for the first try, 2 for the first retry, and so on
 * @param startedAt  when the attempt started (wall clock)
 * @param durationMs how long the attempt took, in milliseconds
 * @param ok         whether every step passed
 * @param steps      the steps that ran, in order (a run stops at the first failed step)
 * @param error      why the attempt failed, or null
 */
public record Attempt(int number, Instant startedAt, double durationMs, boolean ok, List<StepResult> steps, RunError error) {
    public Attempt {
        Objects.requireNonNull(startedAt, "startedAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (number < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, was " + number);
        }
        if (ok == (error != null)) {
            throw new IllegalArgumentException("an attempt has an error exactly when it failed");
        }
    }
}
