package org.glassprobe.scenarios.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        OutagePolicy outage) {

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
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a check has at least one step");
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

    public Optional<Step> step(String stepName) {
        return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
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
