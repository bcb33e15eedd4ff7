package org.glassprobe.scenarios.run;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to run a check this time.
 *
 * @param variables  values from the command line ({@code run --var}): they replace any declared
 *                   variable's value
 * @param probeVariables values from the probe ({@code agent --var}): they replace the values only of
 *                   variables the check asks the probe for ({@code fromProbe: true}, or no default)
 * @param environment looks up {@code ${env.NAME}}
 * @param retryDelay pause between a failed attempt and its retry
 * @param retry      whether to retry failed attempts as the check says (false: one attempt only)
 * @param probe      who runs it: fills in {@code ${probe.name}} and {@code ${probe.region}}
 * @param progress   told as each step starts ({@link RunProgress#NONE} by default)
 * @param journey    for a journey check: the run's round, whether it writes or reads, where readers
 *                   find what was written ({@link JourneyPlace#NONE} by default)
 */
public record RunOptions(Map<String, String> variables, Function<String, Optional<String>> environment,
        Duration retryDelay, boolean retry, Probe probe, Map<String, String> probeVariables, RunProgress progress,
        JourneyPlace journey) {

    /** What {@code run} on the command line calls itself, where no probe was enrolled. */
    public static final Probe COMMAND_LINE = new Probe("cli", "local");

    public RunOptions {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(probe, "probe");
        probeVariables = Map.copyOf(probeVariables);
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(journey, "journey");
    }

    /** The probe that runs a check, by its enrolled name and region. */
    public record Probe(String name, String region) {
        public Probe {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(region, "region");
        }
    }

    /**
     * The process environment, no overrides, retries as the check says, no pause between them,
     * run by {@link #COMMAND_LINE}, no progress told.
     */
    public static RunOptions defaults() {
        return new RunOptions(Map.of(), name -> Optional.ofNullable(System.getenv(name)), Duration.ZERO, true,
                COMMAND_LINE, Map.of(), RunProgress.NONE, JourneyPlace.NONE);
    }

    public RunOptions withVariables(Map<String, String> overrides) {
        return new RunOptions(overrides, environment, retryDelay, retry, probe, probeVariables, progress, journey);
    }

    public RunOptions withEnvironment(Function<String, Optional<String>> env) {
        return new RunOptions(variables, env, retryDelay, retry, probe, probeVariables, progress, journey);
    }

    public RunOptions withRetryDelay(Duration delay) {
        return new RunOptions(variables, environment, delay, retry, probe, probeVariables, progress, journey);
    }

    public RunOptions withoutRetries() {
        return new RunOptions(variables, environment, retryDelay, false, probe, probeVariables, progress, journey);
    }

    /** Values this probe gives to the variables checks ask it for. */
    public RunOptions withProbeVariables(Map<String, String> values) {
        return new RunOptions(variables, environment, retryDelay, retry, probe, values, progress, journey);
    }

    public RunOptions withProgress(RunProgress told) {
        return new RunOptions(variables, environment, retryDelay, retry, probe, probeVariables, told, journey);
    }

    /** Where a journey check's run stands: its round, its role, where readers find objects. */
    public RunOptions withJourney(JourneyPlace place) {
        return new RunOptions(variables, environment, retryDelay, retry, probe, probeVariables, progress, place);
    }

    public RunOptions withProbe(String name, String region) {
        return new RunOptions(variables, environment, retryDelay, retry, new Probe(name, region), probeVariables, progress, journey);
    }
}
