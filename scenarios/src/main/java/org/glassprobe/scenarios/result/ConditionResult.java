package org.glassprobe.scenarios.result;

import java.util.Objects;

/**
 * One evaluated condition with its outcome, so that whoever shows the result just prints it.
 *
 * @param condition the condition as written in the check file
 * @param ok        whether it held
 * @param actual    the value the left side had (truncated when long), or null when there was none
 * @param expected  the right side after variables were put in
 * @param implicit  true for a condition glassprobe added because the step declared none of its kind
 */
public record ConditionResult(String condition, boolean ok, String actual, String expected, boolean implicit) {
    public ConditionResult {
        Objects.requireNonNull(condition, "condition");
    }
}
