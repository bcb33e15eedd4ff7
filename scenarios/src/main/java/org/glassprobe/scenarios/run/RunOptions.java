package org.glassprobe.scenarios.run;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to run a check this time.
 *
 * @param variables  values that override the check's declared defaults (--var, or the probe's)
 * @param environment looks up {@code ${env.NAME}}
 * @param retryDelay pause between a failed attempt and its retry
 * @param retry      whether to retry failed attempts as the check says (false: one attempt only)
 */
public record RunOptions(Map<String, String> variables, Function<String, Optional<String>> environment,
        Duration retryDelay, boolean retry) {

    public RunOptions {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(retryDelay, "retryDelay");
    }

    /** The process environment, no overrides, retries as the check says, no pause between them. */
    public static RunOptions defaults() {
        return new RunOptions(Map.of(), name -> Optional.ofNullable(System.getenv(name)), Duration.ZERO, true);
    }

    public RunOptions withVariables(Map<String, String> overrides) {
        return new RunOptions(overrides, environment, retryDelay, retry);
    }

    public RunOptions withEnvironment(Function<String, Optional<String>> env) {
        return new RunOptions(variables, env, retryDelay, retry);
    }

    public RunOptions withRetryDelay(Duration delay) {
        return new RunOptions(variables, environment, delay, retry);
    }

    public RunOptions withoutRetries() {
        return new RunOptions(variables, environment, retryDelay, false);
    }
}
