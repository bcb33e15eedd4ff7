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
    private final String missingVariable;

    public StepFailure(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    private StepFailure(ErrorKind kind, String message, String missingVariable) {
        super(message, null, false, false);
        this.kind = kind;
        this.missingVariable = missingVariable;
    }

    /** A step needs a variable that has no value at this point of the run (its capture did not happen). */
    static StepFailure missingVariable(String name) {
        return new StepFailure(ErrorKind.SCRIPT, "variable \"" + name + "\" has no value at this point of the run"
                + " (it is captured by a step that did not run or did not capture it)", name);
    }

    /** The variable whose missing value stopped the step, if that is why. */
    public java.util.Optional<String> missingVariable() {
        return java.util.Optional.ofNullable(missingVariable);
    }

    public ErrorKind kind() {
        return kind;
    }
}
