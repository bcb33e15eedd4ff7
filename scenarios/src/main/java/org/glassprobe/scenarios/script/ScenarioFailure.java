package org.glassprobe.scenarios.script;

import java.util.Objects;
import org.glassprobe.scenarios.result.ErrorKind;

/** Ends a scenario script's step (and the script) with a failure of a given kind and message. */
public final class ScenarioFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public ScenarioFailure(ErrorKind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }
}
