package org.glassprobe.scenarios.run;

import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.result.StepResult;

/**
 * Runs one step kind. The {@link CheckRunner} around it owns what every kind shares: the
 * deadline, turning an unexpected exception into a failed result, the order of steps and the
 * attempt's outcome. An executor returns a result, passed or failed; it throws only on bugs.
 *
 * @param <S> the step record it runs
 */
public interface StepExecutor<S extends Step> {
    /** The step kind it runs, as in {@link Step#kind()}. */
    String kind();

    /** The step record type, so that the registry can check what it is given. */
    Class<S> stepType();

    /** Runs the step before {@link RunContext#stepDeadline(Step)}; never blocks past it. */
    StepResult execute(S step, RunContext context);
}
