package org.glassprobe.scenarios.parse;

import java.util.Objects;

/**
 * One thing wrong with a check file: where (file, line, column, key path) and what, with the
 * value found and how to fix it in the message.
 *
 * @param file    the file as named to the user
 * @param line    1-based; 0 when the problem is with the file as a whole
 * @param column  1-based; 0 when unknown
 * @param path    the key path, e.g. {@code steps[1].http.url}; empty for the document itself
 * @param message what is wrong and what is allowed
 */
public record Problem(String file, int line, int column, String path, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: path: message}, the form compilers and linters use. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append(": ");
        if (!path.isEmpty()) {
            s.append(path).append(": ");
        }
        return s.append(message).toString();
    }
}
