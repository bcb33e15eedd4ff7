package org.glassprobe.scenarios.parse;

import java.util.List;
import java.util.stream.Collectors;

/** A check file that cannot be used, with every problem found in it. */
public final class InvalidCheckException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidCheckException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid check has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public static InvalidCheckException of(Problem problem) {
        return new InvalidCheckException(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
