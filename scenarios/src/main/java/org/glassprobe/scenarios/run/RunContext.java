package org.glassprobe.scenarios.run;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;

/**
 * The state of one attempt: its variables, its deadline, resources that live as long as the
 * attempt (an HTTP connection pool, a browser context), and what to cancel when time is up.
 */
public final class RunContext implements AutoCloseable {
    /** {@code ${run.started}}: ISO 8601 in UTC, always with milliseconds. */
    private static final java.time.format.DateTimeFormatter RUN_STARTED = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(java.time.ZoneOffset.UTC);
    private final Map<String, String> variables;
    private final Function<String, Optional<String>> environment;
    private final long deadlineNanos;
    private final java.time.Duration checkTimeout;
    private final String checkName;
    private final RunIdentity identity;
    private final int attempt;
    private final Optional<Path> artifactDir;
    private final Map<Class<?>, AutoCloseable> resources = new LinkedHashMap<>();
    private final Deque<Runnable> cancellers = new ArrayDeque<>();
    private final List<StepResult> finished = new ArrayList<>();
    private final Map<String, Span> ended = new LinkedHashMap<>();
    private final List<FailureEvidence> evidence = new ArrayList<>();
    private volatile Running current;
    private boolean sealed;
    private volatile boolean cancelled;

    /** Where the attempt is: the step (or a script's sub-step) that is running. */
    record Running(String name, String kind) {}

    /**
     * Saves what a person needs to see why an attempt failed (a browser's screenshot and trace).
     * Called by the runner once the attempt has failed, before its resources are closed.
     */
    public interface FailureEvidence {
        /** Saves the evidence for the failed step; returns what was written, or nothing. Never throws. */
        List<StepResult.Artifact> save(String failedStep);
    }

    /**
     * What identifies a run, for {@code ${run.id}} and the other run values.
     *
     * @param id      the result's id
     * @param started when the run's first attempt started
     * @param probe   who runs it
     */
    public record RunIdentity(java.util.UUID id, java.time.Instant started, RunOptions.Probe probe) {
        public RunIdentity {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(started, "started");
            java.util.Objects.requireNonNull(probe, "probe");
        }
    }

    RunContext(String checkName, RunIdentity identity, int attempt, Map<String, String> variables,
            Function<String, Optional<String>> environment, long deadlineNanos, java.time.Duration checkTimeout,
            Optional<Path> artifactDir) {
        this.checkName = checkName;
        this.identity = identity;
        this.attempt = attempt;
        this.checkTimeout = checkTimeout;
        this.variables = new LinkedHashMap<>(variables);
        this.environment = environment;
        this.deadlineNanos = deadlineNanos;
        this.artifactDir = artifactDir;
    }

    public String checkName() {
        return checkName;
    }

    /** 1 for a check's first attempt, 2 and up for the retries that confirm a failure. */
    public int attempt() {
        return attempt;
    }

    /** Where a step may write files for a person to look at (screenshots, traces), if anywhere. */
    public Optional<Path> artifactDir() {
        return artifactDir;
    }

    /** The check's timeout, which the attempt's deadline came from. */
    public java.time.Duration checkTimeout() {
        return checkTimeout;
    }

    /**
     * Says which deadline bounds a step, for timeout messages: "the step's timeout of 2s" or
     * "the check's timeout of 10s".
     */
    public String deadlineWords(Step step) {
        return step.timeout()
                .filter(t -> t.compareTo(checkTimeout) < 0)
                .map(t -> "the step's timeout of " + org.glassprobe.scenarios.model.Durations.format(t))
                .orElse("the check's timeout of " + org.glassprobe.scenarios.model.Durations.format(checkTimeout));
    }

    /** The attempt's deadline, on the {@link System#nanoTime()} clock. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** The deadline for a step: its own timeout from now, but never past the attempt's. */
    public long stepDeadline(Step step) {
        long now = System.nanoTime();
        return step.timeout().map(t -> Math.min(deadlineNanos, now + t.toNanos())).orElse(deadlineNanos);
    }

    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    public long remainingMillis() {
        return TimeUnit.NANOSECONDS.toMillis(remainingNanos());
    }

    /** Fills a template in with this run's variables; an unset environment variable fails the step. */
    public synchronized String render(Template template) {
        return template.render(this::lookup);
    }

    /** Who runs this attempt, and the run's id and start. */
    public RunIdentity identity() {
        return identity;
    }

    /** The value of a variable (or {@code env.NAME}, or a run value such as {@code run.id}), for conditions. */
    public synchronized String lookup(String name) {
        switch (name) {
            case "run.id" -> {
                return identity.id().toString();
            }
            case "run.attempt" -> {
                return Integer.toString(attempt);
            }
            case "run.started" -> {
                return RUN_STARTED
                        .format(identity.started());
            }
            case "run.startedMillis" -> {
                return Long.toString(identity.started().toEpochMilli());
            }
            case "probe.name" -> {
                return identity.probe().name();
            }
            case "probe.region" -> {
                return identity.probe().region();
            }
            case "random.uuid" -> {
                return java.util.UUID.randomUUID().toString();
            }
            default -> {
                // a variable, below
            }
        }
        if (name.startsWith("env.")) {
            String env = name.substring(4);
            return environment.apply(env).orElseThrow(() -> new StepFailure(ErrorKind.SCRIPT,
                    "environment variable " + env + " is not set on this probe; set it, or use a variable with"
                            + " --var instead of ${env." + env + "}"));
        }
        String value = variables.get(name);
        if (value == null) {
            throw StepFailure.missingVariable(name);
        }
        return value;
    }

    public synchronized Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    /** Sets a variable for the steps after this one. */
    public synchronized void capture(String name, String value) {
        variables.put(name, value);
    }

    /**
     * A resource shared by the steps of this attempt (one per type), made on first use and
     * closed when the attempt ends.
     */
    public synchronized <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> create) {
        AutoCloseable existing = resources.get(type);
        if (existing != null) {
            return type.cast(existing);
        }
        T made = create.get();
        resources.put(type, made);
        return made;
    }

    /** Registers what to do when the attempt runs out of time (cancel a call, close a page). */
    public void onCancel(Runnable canceller) {
        boolean runNow;
        synchronized (cancellers) {
            runNow = cancelled;
            if (!runNow) {
                cancellers.push(canceller);
            }
        }
        if (runNow) {
            canceller.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        List<Runnable> toRun;
        synchronized (cancellers) {
            cancelled = true;
            toRun = new ArrayList<>(cancellers);
            cancellers.clear();
        }
        for (Runnable r : toRun) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // cancelling is best effort: the attempt is reported as timed out either way
            }
        }
    }

    /** Registers what saves evidence when the attempt fails. */
    public synchronized void onFailure(FailureEvidence saver) {
        evidence.add(saver);
    }

    synchronized List<FailureEvidence> evidence() {
        return List.copyOf(evidence);
    }

    void started(Step step) {
        current = new Running(step.name(), step.kind());
    }

    /**
     * Says that a step which runs several timed sub-steps of its own (a scenario script) has
     * started one, so that a run stopped at its deadline names it.
     */
    public void subStepStarted(String name, String kind) {
        current = new Running(name, kind);
    }

    /**
     * Records a finished sub-step as a step of the attempt at once, so that a run stopped at its
     * deadline keeps it. The executor then returns its last result, which may be the last one it
     * reported.
     */
    public synchronized void report(StepResult result) {
        if (!sealed) {
            finished.add(result);
        }
    }

    /** Whether the result is the last one recorded (a sub-step the executor also returns). */
    synchronized boolean isLastRecorded(StepResult result) {
        return !finished.isEmpty() && finished.get(finished.size() - 1) == result;
    }

    synchronized void finished(StepResult result) {
        if (!sealed) {
            finished.add(result);
            current = null;
        }
    }

    /**
     * Takes no more results: the runner gave up on the attempt at its deadline and reports the
     * step then running as timed out, so a step that ends as it is stopped (interrupted, it
     * reports a failure of its own) is not recorded twice. Returns the steps recorded before.
     */
    /**
     * Notes when a step began and ended (wall clock): a journey's writer publishes when its upload
     * began and when its answer came.
     */
    synchronized void timed(String step, java.time.Instant began, java.time.Instant ended) {
        this.ended.put(step, new Span(began, ended));
    }

    synchronized Map<String, Span> spans() {
        return Map.copyOf(ended);
    }

    /** When a step began and ended, by the wall clock. */
    record Span(java.time.Instant began, java.time.Instant ended) {}

    synchronized List<StepResult> seal() {
        sealed = true;
        return List.copyOf(finished);
    }

    Running current() {
        return current;
    }

    synchronized List<StepResult> finishedSteps() {
        return List.copyOf(finished);
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(resources.values());
            resources.clear();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a resource that fails to close must not change the result of the run
            }
        }
    }
}
