package org.glassprobe.scenarios.result;

import java.util.Objects;

/**
 * Why a run or a step failed: a kind for machines and a message for people.
 *
 * @param kind    the category (dns, connect, tls, timeout, status, condition, integrity, script)
 * @param step    the name of the step that failed, or null when the failure is not a step's
 * @param message what happened, in words a person on call understands
 */
public record RunError(ErrorKind kind, String step, String message) {
    public RunError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public RunError inStep(String stepName) {
        return new RunError(kind, stepName, message);
    }
}
