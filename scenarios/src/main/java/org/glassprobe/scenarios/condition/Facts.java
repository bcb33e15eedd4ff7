package org.glassprobe.scenarios.condition;

import java.util.Optional;

/**
 * What a step knows about the response it got, for conditions to look at. A fact that does not
 * exist (no such header, no such JSON field) is empty.
 */
public interface Facts {
    /**
     * The value of a placeholder (without its function), as text. Numbers are written in plain
     * decimal, durations in milliseconds.
     */
    Optional<String> value(Placeholder.Kind kind, String argument);
}
