package org.glassprobe.scenarios.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A check as read from its file: what to run, how often, from where, and how patiently.
 *
 * @param name      unique name, used in results, pages and webhooks
 * @param kind      ping (one request) or scenario (ordered steps)
 * @param interval  how often each probe runs it
 * @param timeout   hard deadline for one attempt
 * @param regions   the regions that run it; empty means every region
 * @param retries   how many times a failed attempt is retried before the failure is reported
 * @param variables declared variables and their defaults; an empty Optional means the value must
 *                  be supplied (command line or probe)
 * @param steps     the steps, in order (a ping has exactly one)
 * @param source    the file it came from
 * @param outage    how the results API decides about it (its {@code outage} section, else the defaults)
 * @param cleanup   steps that run after the steps whatever happened (delete what the run made),
 *                  with their own deadline; reported apart from the steps
 * @param fromProbe the declared variables a probe's value replaces ({@code fromProbe: true});
 *                  those without a default ({@code ~}) take the probe's value too
 * @param labels    what the check's author says about it ({@code team: web}), by key: subscriptions
 *                  to notices may choose checks by them
 * @param journey   for a check that one region writes and the others read ({@code journey}): who
 *                  writes, what is published, how the others read it; empty for other checks
 */
public record Check(
        String name,
        CheckKind kind,
        Duration interval,
        Duration timeout,
        List<String> regions,
        int retries,
        Map<String, Optional<String>> variables,
        List<Step> steps,
        Source source,
        OutagePolicy outage,
        List<Cleanup> cleanup,
        java.util.Set<String> fromProbe,
        Map<String, String> labels,
        Optional<Journey> journey) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        regions = List.copyOf(regions);
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        steps = List.copyOf(steps);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outage, "outage");
        cleanup = List.copyOf(cleanup);
        fromProbe = java.util.Set.copyOf(fromProbe);
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        Objects.requireNonNull(journey, "journey");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a check has at least one step");
        }
    }

    /** A check that is not a journey. */
    public Check(String name, CheckKind kind, Duration interval, Duration timeout, List<String> regions, int retries,
            Map<String, Optional<String>> variables, List<Step> steps, Source source, OutagePolicy outage,
            List<Cleanup> cleanup, Set<String> fromProbe, Map<String, String> labels) {
        this(name, kind, interval, timeout, regions, retries, variables, steps, source, outage, cleanup, fromProbe,
                labels, Optional.empty());
    }

    /** A check without clean-up steps. */
    public Check(String name, CheckKind kind, Duration interval, Duration timeout, List<String> regions, int retries,
            Map<String, Optional<String>> variables, List<Step> steps, Source source, OutagePolicy outage) {
        this(name, kind, interval, timeout, regions, retries, variables, steps, source, outage, List.of(), Set.of(),
                Map.of());
    }

    /**
     * Whether a probe's value for this declared variable replaces the check's: the check asks for
     * it ({@code fromProbe: true}), or has no value of its own ({@code ~}).
     */
    public boolean takesProbeValue(String variable) {
        return variables.containsKey(variable) && (fromProbe.contains(variable) || variables.get(variable).isEmpty());
    }

    /**
     * A clean-up step.
     *
     * @param step     what it does (any step kind)
     * @param failsRun whether its failure fails the run (by default it is reported and the run's
     *                 outcome is the steps')
     */
    public record Cleanup(Step step, boolean failsRun) {
        public Cleanup {
            Objects.requireNonNull(step, "step");
        }
    }

    /** A check with the default outage policy. */
    public Check(String name, CheckKind kind, Duration interval, Duration timeout, List<String> regions, int retries,
            Map<String, Optional<String>> variables, List<Step> steps, Source source) {
        this(name, kind, interval, timeout, regions, retries, variables, steps, source, OutagePolicy.DEFAULT);
    }

    /** Whether a probe in this region runs the check. */
    public boolean runsIn(String region) {
        return regions.isEmpty() || regions.contains(region);
    }

    /** The steps, then the clean-up steps. */
    public List<Step> allSteps() {
        return java.util.stream.Stream.concat(steps.stream(), cleanup.stream().map(Cleanup::step)).toList();
    }

    public Optional<Step> step(String stepName) {
        return allSteps().stream().filter(s -> s.name().equals(stepName)).findFirst();
    }

    /**
     * Where a check came from.
     *
     * @param file   the name shown in messages (a path, or the name it was pushed under)
     * @param text   the file's text, exactly as read
     * @param format yaml or java
     */
    public record Source(String file, String text, String format) {
        public Source {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(format, "format");
        }
    }
}
