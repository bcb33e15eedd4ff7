package org.glassprobe.api.checks;

import java.util.List;
import org.glassprobe.scenarios.parse.Problem;

/** A pushed check that the check language refuses, with the same problems the CLI prints. */
public final class InvalidCheck extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidCheck(List<Problem> problems) {
        super(problems.size() == 1 ? "the check file has a problem" : "the check file has " + problems.size()
                + " problems");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
