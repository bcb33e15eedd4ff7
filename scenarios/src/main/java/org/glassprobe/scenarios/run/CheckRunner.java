package org.glassprobe.scenarios.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.result.Attempt;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.VariableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a check: its steps in order, each attempt within the check's timeout, retried as the check
 * says. Whatever happens (a hung server, a step kind that throws), it returns a result by the
 * deadline plus a short grace: steps run on a worker thread, and when the deadline passes the
 * runner cancels what the step registered and reports a timeout.
 */
public final class CheckRunner implements AutoCloseable {
    /** How long past the deadline the runner waits for a step to notice it was cancelled. */
    static final Duration GRACE = Duration.ofMillis(500);
    private static final Logger logger = LoggerFactory.getLogger(CheckRunner.class);

    private final StepExecutors executors;
    private final Clock clock;
    private final Optional<Path> artifactDir;
    private final ExecutorService workers;

    public CheckRunner(StepExecutors executors, Clock clock) {
        this(executors, clock, Optional.empty());
    }

    /**
     * @param artifactDir where steps may save files for people (failure screenshots, traces)
     */
    public CheckRunner(StepExecutors executors, Clock clock, Optional<Path> artifactDir) {
        this.executors = executors;
        this.clock = clock;
        this.artifactDir = artifactDir;
        this.workers = Executors.newCachedThreadPool(new Named("glassprobe-run"));
    }

    /**
     * The variables a run of this check starts with, and where each value came from: the command
     * line's value ({@code run --var}) replaces any declared variable's; the probe's replaces only
     * those the check asks the probe for ({@code fromProbe: true}, or no default); else the check's.
     */
    public static Map<String, VariableValue> resolve(Check check, RunOptions options)
            throws UnresolvedVariablesException {
        Map<String, VariableValue> values = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        check.variables().forEach((name, fallback) -> {
            if (options.variables().containsKey(name)) {
                values.put(name, new VariableValue(options.variables().get(name), VariableValue.COMMAND_LINE));
            } else if (options.probeVariables().containsKey(name) && check.takesProbeValue(name)) {
                values.put(name, new VariableValue(options.probeVariables().get(name), VariableValue.PROBE));
            } else if (fallback.isPresent()) {
                values.put(name, new VariableValue(fallback.get(), VariableValue.CHECK));
            } else {
                missing.add(name);
            }
        });
        if (!missing.isEmpty()) {
            throw new UnresolvedVariablesException(check.source().file(), missing);
        }
        return values;
    }

    /** The variables a run of this check starts with: defaults, then command-line values for declared names. */
    public static Map<String, String> resolveVariables(Check check, Map<String, String> overrides)
            throws UnresolvedVariablesException {
        Map<String, String> values = new LinkedHashMap<>();
        resolve(check, RunOptions.defaults().withVariables(overrides)).forEach((k, v) -> values.put(k, v.value()));
        return values;
    }

    /**
     * Runs the check once (with its retries) and returns its result. A journey check's run writes or
     * reads, as the options' place in the journey says.
     */
    public CheckResult run(Check check, RunOptions options) throws UnresolvedVariablesException {
        if (check.journey().isPresent()) {
            return new JourneyRuns(this, clock).run(check, check.journey().get(), options);
        }
        return runSteps(check, options).result();
    }

    /**
     * A run of the check's steps, and what its final attempt left: the variables after it, and when
     * each of its steps ended.
     */
    record Ran(CheckResult result, Map<String, String> variables, Map<String, RunContext.Span> spans,
            RunContext.RunIdentity identity) {}

    Ran runSteps(Check check, RunOptions options) throws UnresolvedVariablesException {
        Start start = start(check, options);
        Map<String, String> variables = start.variables();
        Map<String, VariableValue> recorded = start.recorded();
        UUID id = UUID.randomUUID();
        RunContext.RunIdentity identity = new RunContext.RunIdentity(id, clock.instant(), options.probe());
        int attempts = options.retry() ? check.retries() + 1 : 1;
        List<Attempt> done = new ArrayList<>();
        Tried last = null;
        RunMdc.Scope logged = RunMdc.enter(check.name(), id);
        try {
            for (int number = 1; number <= attempts; number++) {
                last = attempt(check, identity, number, attempts, variables, options);
                Attempt attempt = last.attempt();
                done.add(attempt);
                if (attempt.ok()) {
                    break;
                }
                if (number < attempts) {
                    logger.atDebug().addKeyValue("check", check.name()).addKeyValue("attempt", number)
                            .addKeyValue("error", attempt.error().kind().wireName())
                            .log("attempt failed; retrying to confirm");
                    if (!pause(options.retryDelay())) {
                        break;
                    }
                }
            }
        } finally {
            logged.close();
        }
        return new Ran(CheckResult.of(id, check.name(), check.kind().wireName(), done, recorded), last.variables(),
                last.spans(), identity);
    }

    /** The variables a run of this check starts with, and how each is recorded in its result. */
    record Start(Map<String, String> variables, Map<String, VariableValue> recorded) {}

    static Start start(Check check, RunOptions options) throws UnresolvedVariablesException {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, VariableValue> recorded = new LinkedHashMap<>();
        resolve(check, options).forEach((name, v) -> {
            variables.put(name, v.value());
            recorded.put(name, VariableValue.recorded(name, v.value(), v.from()));
        });
        return new Start(variables, recorded);
    }

    /**
     * One attempt: the steps within the check's timeout, each step after a failure reported as not
     * run and why; then the clean-up steps, all of them, within a deadline of their own. The
     * attempt's duration and outcome are its steps'; a failed clean-up step fails it only when it
     * says {@code failsRun}.
     */
    /** An attempt, the variables after its steps, and when each step ended. */
    record Tried(Attempt attempt, Map<String, String> variables, Map<String, RunContext.Span> spans) {}

    private Tried attempt(Check check, RunContext.RunIdentity identity, int number, int attempts,
            Map<String, String> variables, RunOptions options) {
        Instant startedAt = clock.instant();
        Section main = section(check, check.steps(), false, identity, number, attempts, variables, options,
                System.nanoTime() + check.timeout().toNanos());
        List<StepResult> results = new ArrayList<>(main.results());
        RunError error = results.stream().filter(r -> r.error() != null).findFirst()
                .map(r -> r.error().inStep(r.name())).orElse(null);
        double duration = stepTime(results);
        results.addAll(notRun(check.steps().subList(Math.min(main.started(), check.steps().size()),
                check.steps().size()), results));
        if (!check.cleanup().isEmpty()) {
            List<Step> cleanupSteps = check.cleanup().stream().map(Check.Cleanup::step).toList();
            Section cleanup = section(check, cleanupSteps, true, identity, number, attempts, main.variables(),
                    options, System.nanoTime() + check.timeout().toNanos());
            for (StepResult r : cleanup.results()) {
                results.add(r.asCleanup());
                boolean failsRun = check.cleanup().stream()
                        .anyMatch(c -> c.failsRun() && c.step().name().equals(r.name()));
                if (error == null && r.error() != null && failsRun) {
                    error = r.error().inStep(r.name());
                }
            }
        }
        return new Tried(new Attempt(number, startedAt, duration, error == null, results, error), main.variables(),
                main.spans());
    }

    /**
     * What a run of some steps left: their results, how many started, the variables after them,
     * when each step that finished ended.
     */
    record Section(List<StepResult> results, int started, Map<String, String> variables,
            Map<String, RunContext.Span> spans) {}

    /** Runs some steps in one context until the deadline ({@link System#nanoTime()}). */
    Section section(Check check, List<Step> steps, boolean cleanup, RunContext.RunIdentity identity,
            int number, int attempts, Map<String, String> variables, RunOptions options, long deadline) {
        long start = System.nanoTime();
        AtomicInteger started = new AtomicInteger();
        try (RunContext context = new RunContext(check.name(), identity, number, variables, options.environment(),
                deadline, check.timeout(), artifactDir)) {
            RunProgress progress = options.progress();
            Future<?> running = workers.submit(RunMdc.carry(() -> runSteps(check, steps, cleanup, context, started,
                    step -> progress.stepStarted(step.name(), cleanup, number, attempts))));
            List<StepResult> results;
            try {
                running.get(Math.max(0, deadline - System.nanoTime()) + GRACE.toNanos(), TimeUnit.NANOSECONDS);
                results = context.finishedSteps();
            } catch (TimeoutException e) {
                results = new ArrayList<>(context.seal());
                RunContext.Running stuck = context.current();
                context.cancel();
                running.cancel(true);
                String name = stuck == null ? "(between steps)" : stuck.name();
                String kind = stuck == null ? "run" : stuck.kind();
                double elapsed = millis(System.nanoTime() - start) - stepTime(results);
                results.add(failed(name, kind, Math.max(0, elapsed), ErrorKind.TIMEOUT, "the step did not finish within"
                        + (cleanup ? " the clean-up's deadline (the check's timeout) of " : " the check's timeout of ")
                        + Durations.format(check.timeout()) + " and was stopped"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results = new ArrayList<>(context.seal());
                context.cancel();
                running.cancel(true);
                results.add(failed("(interrupted)", "run", millis(System.nanoTime() - start), ErrorKind.TIMEOUT,
                        "the run was interrupted because the probe is shutting down"));
            } catch (ExecutionException e) {
                results = new ArrayList<>(context.finishedSteps());
                results.add(internal("(runner)", "run", e.getCause()));
            }
            if (!cleanup) {
                results = withEvidence(results, context);
            }
            return new Section(results, started.get(), context.variables(), context.spans());
        }
    }

    private void runSteps(Check check, List<Step> steps, boolean cleanup, RunContext context, AtomicInteger started,
            Consumer<Step> starting) {
        for (Step step : steps) {
            if (context.isCancelled()) {
                return;
            }
            started.incrementAndGet();
            context.started(step);
            starting.accept(step);
            Instant began = clock.instant();
            long stepStart = System.nanoTime();
            StepResult result;
            if (context.remainingNanos() <= 0) {
                result = failed(step.name(), step.kind(), 0, ErrorKind.TIMEOUT, "no time was left for this step"
                        + " within the check's timeout of " + Durations.format(check.timeout()));
            } else {
                try {
                    result = executors.execute(step, context);
                } catch (StepFailure f) {
                    result = cleanup && f.missingVariable().isPresent()
                            ? StepResult.notRun(step.name(), step.kind(), true, "not run: it needs ${"
                                    + f.missingVariable().get() + "}, which no step captured in this run")
                            : failed(step.name(), step.kind(), millis(System.nanoTime() - stepStart), f.kind(),
                                    f.getMessage());
                } catch (RuntimeException | LinkageError e) {
                    logger.atError().addKeyValue("check", check.name()).addKeyValue("step", step.name())
                            .setCause(e).log("step kind threw instead of returning a result; this is a bug");
                    result = internal(step.name(), step.kind(), e);
                }
            }
            if (context.isCancelled()) {
                return;
            }
            if (!context.isLastRecorded(result)) {
                context.finished(result);
            }
            context.timed(step.name(), began, clock.instant());
            if (!result.ok() && !cleanup) {
                return;
            }
        }
    }

    /**
     * The steps after the one that failed, each reported as not run: because the step whose
     * upload it compares with failed or did not run, or because an earlier step failed.
     */
    private static List<StepResult> notRun(List<Step> skipped, List<StepResult> ran) {
        if (skipped.isEmpty()) {
            return List.of();
        }
        String failed = ran.stream().filter(r -> !r.ok()).map(StepResult::name).reduce((a, b) -> b).orElse("?");
        List<String> passed = ran.stream().filter(StepResult::ok).map(StepResult::name).toList();
        List<StepResult> out = new ArrayList<>();
        for (Step step : skipped) {
            String needed = step.integritySteps().stream().filter(s -> !passed.contains(s)).findFirst().orElse(null);
            String why = needed == null
                    ? "not run: step \"" + failed + "\" failed before it"
                    : needed.equals(failed)
                            ? "not run: its integrity compares with the file step \"" + needed + "\" uploads, and \""
                                    + needed + "\" failed"
                            : "not run: its integrity compares with the file step \"" + needed + "\" uploads, and \""
                                    + needed + "\" did not run (step \"" + failed + "\" failed before it)";
            out.add(StepResult.notRun(step.name(), step.kind(), false, why));
        }
        return out;
    }

    /**
     * Adds the evidence of a failed attempt (a screenshot, a trace) to its failed step. It is saved
     * after the run was stopped, so it never counts against the deadline; each saver bounds its own
     * time.
     */
    private static List<StepResult> withEvidence(List<StepResult> results, RunContext context) {
        int failed = -1;
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).ok()) {
                failed = i;
                break;
            }
        }
        if (failed < 0) {
            return results;
        }
        StepResult step = results.get(failed);
        List<StepResult.Artifact> saved = new ArrayList<>(step.artifacts());
        for (RunContext.FailureEvidence saver : context.evidence()) {
            try {
                saved.addAll(saver.save(step.name()));
            } catch (RuntimeException | LinkageError e) {
                logger.atWarn().addKeyValue("check", context.checkName()).setCause(e)
                        .log("saving the evidence of a failed run failed");
            }
        }
        if (saved.size() == step.artifacts().size()) {
            return results;
        }
        List<StepResult> with = new ArrayList<>(results);
        with.set(failed, step.withArtifacts(saved));
        return with;
    }

    /**
     * An attempt's duration: the time its steps took, each as its kind measures it (an HTTP step:
     * its network phases). The runner's own hand-offs between steps are not the site's latency.
     */
    private static double stepTime(List<StepResult> steps) {
        return Math.round(steps.stream().mapToDouble(StepResult::durationMs).sum() * 1000.0) / 1000.0;
    }

    static StepResult failed(String name, String kind, double durationMs, ErrorKind errorKind, String message) {
        return new StepResult(name, kind, false, durationMs, null, null, null, null, null, null, null, null,
                new RunError(errorKind, null, message));
    }

    private static StepResult internal(String name, String kind, Throwable e) {
        return failed(name, kind, 0, ErrorKind.INTERNAL, "glassprobe failed inside this step (" + e
                + "); this is a bug: please report it with the check file and the probe's log");
    }

    /** Sleeps; false when interrupted (the interrupt is kept for the caller). */
    static boolean pause(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Nanoseconds to milliseconds with microsecond precision. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static final class Named implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
