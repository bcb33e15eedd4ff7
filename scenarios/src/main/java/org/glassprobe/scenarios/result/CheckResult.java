package org.glassprobe.scenarios.result;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The outcome of one scheduled (or command-line) run of a check, and the wire format from a probe
 * to the results API. Its top-level fields describe the final attempt; earlier attempts that failed
 * and were retried are kept in {@code earlierAttempts}, so every attempt is in the result.
 *
 * @param id              unique per run; the results API ingests each id once
 * @param check           the check's name
 * @param kind            ping or scenario
 * @param startedAt       when the final attempt started (wall clock, UTC)
 * @param durationMs      how long the final attempt took, in milliseconds
 * @param ok              whether the final attempt passed
 * @param attempt         the number of the final attempt (1 when it passed or failed first time)
 * @param steps           the final attempt's steps
 * @param error           why the final attempt failed, or null
 * @param earlierAttempts the attempts before the final one, oldest first
 * @param variables       the value each declared variable had, and where it came from
 * @param journey         for a journey check, what the run did as writer or reader; else null
 * @param confirmation    for a confirmation run (the results API asked for it now, outside the
 *                        schedule), its round and reason; else null
 */
public record CheckResult(
        UUID id,
        String check,
        String kind,
        Instant startedAt,
        double durationMs,
        boolean ok,
        int attempt,
        List<StepResult> steps,
        RunError error,
        List<Attempt> earlierAttempts,
        Map<String, VariableValue> variables,
        JourneyReport journey,
        Confirmation confirmation) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
        earlierAttempts = earlierAttempts == null ? List.of() : List.copyOf(earlierAttempts);
        variables = variables == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        if (ok == (error != null)) {
            throw new IllegalArgumentException("a result has an error exactly when it failed");
        }
    }

    /** A result of a check that is not a journey. */
    public CheckResult(UUID id, String check, String kind, Instant startedAt, double durationMs, boolean ok,
            int attempt, List<StepResult> steps, RunError error, List<Attempt> earlierAttempts,
            Map<String, VariableValue> variables) {
        this(id, check, kind, startedAt, durationMs, ok, attempt, steps, error, earlierAttempts, variables, null,
                null);
    }

    /** The same result, with its journey report. */
    public CheckResult withJourney(JourneyReport report) {
        return new CheckResult(id, check, kind, startedAt, durationMs, ok, attempt, steps, error, earlierAttempts,
                variables, report, confirmation);
    }

    /** The same result, marked as the answer to a confirmation round. */
    public CheckResult withConfirmation(Confirmation marked) {
        return new CheckResult(id, check, kind, startedAt, durationMs, ok, attempt, steps, error, earlierAttempts,
                variables, journey, marked);
    }

    /** A result that records no variables. */
    public CheckResult(UUID id, String check, String kind, Instant startedAt, double durationMs, boolean ok,
            int attempt, List<StepResult> steps, RunError error, List<Attempt> earlierAttempts) {
        this(id, check, kind, startedAt, durationMs, ok, attempt, steps, error, earlierAttempts, Map.of());
    }

    /** Builds the result of a run from its attempts, the last of which is the one that counts. */
    public static CheckResult of(UUID id, String check, String kind, List<Attempt> attempts) {
        return of(id, check, kind, attempts, Map.of());
    }

    /** The same, with the variables the run had. */
    public static CheckResult of(UUID id, String check, String kind, List<Attempt> attempts,
            Map<String, VariableValue> variables) {
        if (attempts.isEmpty()) {
            throw new IllegalArgumentException("a result needs at least one attempt");
        }
        Attempt last = attempts.get(attempts.size() - 1);
        return new CheckResult(id, check, kind, last.startedAt(), last.durationMs(), last.ok(), last.number(),
                last.steps(), last.error(), attempts.subList(0, attempts.size() - 1), variables);
    }

    /**
     * The {@code warn} conditions that did not hold in the final attempt's steps, in step order
     * (written to the JSON as {@code warnings}, read back from the steps). A passed run with
     * warnings is warned: see {@link #warned()}.
     */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "warnings",
            access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
    public List<Warning> warnings() {
        List<Warning> warnings = new java.util.ArrayList<>();
        for (StepResult step : steps) {
            step.failedWarnings().forEach(c -> warnings.add(Warning.of(step.name(), c)));
        }
        return List.copyOf(warnings);
    }

    /** Whether the run passed with a {@code warn} condition that did not hold. */
    public boolean warned() {
        return ok && steps.stream().anyMatch(s -> !s.failedWarnings().isEmpty());
    }

    /**
     * The TLS facts of the final attempt's step whose certificate chain expires first, if any step
     * went over TLS: what {@code probe_ssl_earliest_cert_expiry} and the uptime page report.
     */
    public java.util.Optional<TlsInfo> earliestCertificate() {
        return steps.stream().filter(s -> s.ran() && s.tls() != null).map(StepResult::tls)
                .min(java.util.Comparator.comparing(TlsInfo::earliestExpiry));
    }

    /** Every attempt, oldest first, the final one last. */
    public List<Attempt> allAttempts() {
        var all = new java.util.ArrayList<Attempt>(earlierAttempts);
        all.add(new Attempt(attempt, startedAt, durationMs, ok, steps, error));
        return List.copyOf(all);
    }
}
