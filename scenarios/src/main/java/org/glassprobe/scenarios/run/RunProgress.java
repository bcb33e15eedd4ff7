package org.glassprobe.scenarios.run;

/**
 * Told as a run goes, so that a person at a terminal can see which step is running (the CLI's
 * {@code run}). Called on the runner's threads; it must return at once and never throw.
 */
@FunctionalInterface
public interface RunProgress {
    /** Tells nothing: the agent's runs, and {@code run} when its output is piped. */
    RunProgress NONE = (step, cleanup, attempt, attempts) -> { };

    /**
     * A step starts.
     *
     * @param cleanup  it is one of the check's clean-up steps
     * @param attempt  which attempt, from 1
     * @param attempts how many attempts the run may make (1 + the check's retries, or 1 without retries)
     */
    void stepStarted(String step, boolean cleanup, int attempt, int attempts);
}
