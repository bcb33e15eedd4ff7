package org.glassprobe.scenarios.result;

import java.util.Objects;

/**
 * A {@code warn} condition that did not hold in a run that may still have passed: the run is
 * marked warned, and the results API counts a warned passed run as it counts a slow one.
 *
 * @param step      the step whose condition it is
 * @param condition the condition as written
 * @param message   what a person reads: the condition and its actual value
 */
public record Warning(String step, String condition, String message) {
    public Warning {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(message, "message");
    }

    /** The warning of a {@code warn} condition that failed in a step. */
    public static Warning of(String step, ConditionResult failed) {
        return new Warning(step, failed.condition(), "step \"" + step + "\": condition " + failed.condition()
                + " failed: actual " + (failed.actual() == null ? "nothing (no such value)" : failed.actual()));
    }
}
