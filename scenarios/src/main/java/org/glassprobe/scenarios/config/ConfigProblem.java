package org.glassprobe.scenarios.config;

import java.util.Objects;

/**
 * One bad setting: where it came from (a file with line and column, or an environment variable),
 * the key path, the value found and what is allowed.
 */
public record ConfigProblem(String source, int line, int column, String key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: key: message}, as the check parser writes its problems. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(source);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append(": ");
        if (!key.isEmpty()) {
            s.append(key).append(": ");
        }
        return s.append(message).toString();
    }
}
