package org.glassprobe.scenarios.parse;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the general step reader hands to a step kind's syntax.
 *
 * @param name    the step's name (given, or made from its position)
 * @param timeout the step's own timeout, if any
 * @param action  the value under the kind's key (e.g. the mapping under {@code http})
 * @param fields  all keys of the step, for the kind's sibling keys (e.g. {@code expect})
 */
public record StepInput(String name, Optional<Duration> timeout, YamlNode action, Fields fields) {
    public StepInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(fields, "fields");
    }
}
