package org.glassprobe.scenarios.http;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Takes a value from a response into a variable for later steps.
 *
 * @param variable   the variable's name
 * @param source     where the value comes from
 * @param expression a JSON path, a header name, or a regular expression (its first group, or the
 *                   whole match when it has none)
 */
public record Capture(String variable, Source source, String expression) {
    public Capture {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expression, "expression");
    }

    public enum Source {
        JSON,
        HEADER,
        REGEX
    }

    public Pattern regex() {
        return Pattern.compile(expression);
    }
}
