package org.glassprobe.scenarios.run;

import org.glassprobe.scenarios.result.ErrorKind;

/**
 * Thrown inside a step executor to end the step with a failure of a given kind, for failures
 * found before there is anything else to report (a URL that does not parse, a missing
 * environment variable). The runner turns it into a failed step result.
 */
public final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public StepFailure(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }
}
