package org.glassprobe.probe.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.MediaTypes;
import org.glassprobe.scenarios.result.Attempt;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Confirmation;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.JourneyPlace;
import org.glassprobe.scenarios.run.RunMdc;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.UnresolvedVariablesException;
import org.glassprobe.scheduler.JobDefinition;
import org.glassprobe.scheduler.ScheduledRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns checks into scheduled jobs, and runs the confirmation runs the results API asks for: each
 * run executes the check (with its retries), writes the result to the spool before anything else,
 * and records it in the probe's metrics. Both kinds of run go through one method, one run of a check
 * at a time.
 */
public final class CheckJobs {
    private static final Logger logger = LoggerFactory.getLogger(CheckJobs.class);

    private final CheckRunner runner;
    private final Spool spool;
    private final ProbeMetrics metrics;
    private final Evidence evidence;
    private final Map<String, String> probeVariables;
    private final RunOptions.Probe probe;
    private final Duration maxRetryDelay;
    private final Clock clock;
    private final JourneyPlace.ObjectSource objects;
    /**
     * One run of a check at a time on this probe: a confirmation run waits for the scheduled run in
     * progress (and the reverse), fairly. One lock per check name ever run here; a few bytes each.
     */
    private final Map<String, ReentrantLock> runs = new ConcurrentHashMap<>();

    /**
     * How the runs are made.
     *
     * @param probeVariables values this probe gives to the variables its checks ask it for
     *                       ({@code fromProbe: true}, or declared without a default)
     * @param probe          this probe's name and region, for {@code ${probe.name}} and {@code ${probe.region}}
     * @param maxRetryDelay  the longest pause between a failed attempt and its confirming retry
     * @param objects        where a journey's reader learns of the objects written (the results API)
     */
    record Options(Map<String, String> probeVariables, RunOptions.Probe probe, Duration maxRetryDelay, Clock clock,
            JourneyPlace.ObjectSource objects) {
        Options {
            probeVariables = Map.copyOf(probeVariables);
        }
    }

    /** @param evidence makes a failure's screenshot small enough to travel with its result */
    CheckJobs(CheckRunner runner, Spool spool, ProbeMetrics metrics, Evidence evidence, Options options) {
        this.runner = runner;
        this.spool = spool;
        this.metrics = metrics;
        this.evidence = evidence;
        this.probeVariables = options.probeVariables();
        this.probe = options.probe();
        this.maxRetryDelay = options.maxRetryDelay();
        this.clock = options.clock();
        this.objects = options.objects();
    }

    /** One job per check; a job's version changes whenever its check file does. */
    public List<JobDefinition> jobsFor(List<Check> checks) {
        return checks.stream()
                .map(check -> new JobDefinition(check.name(), check.interval(), version(check),
                        run -> runOnce(check, run)))
                .toList();
    }

    private static String version(Check check) {
        return MediaTypes.sha256(check.source().text().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The pause before a confirming retry: short, so that a real failure is reported fast, and
     * within what the interval leaves after the attempts' timeouts.
     */
    static Duration retryDelay(Check check, Duration maxRetryDelay) {
        if (check.retries() == 0) {
            return Duration.ZERO;
        }
        Duration slack = check.interval().minus(check.timeout().multipliedBy(check.retries() + 1L))
                .dividedBy(check.retries());
        return slack.compareTo(maxRetryDelay) < 0 ? slack : maxRetryDelay;
    }

    /** A scheduled run of the check. */
    void runOnce(Check check, ScheduledRun run) throws IOException {
        run(check, new JourneyPlace(Optional.of(run.plannedAt()), JourneyPlace.Role.BY_ROUND, objects), null, null,
                run.lateness());
    }

    /**
     * A confirmation run of the check (the results API asked for it now): run as a scheduled run is,
     * its result marked with the round. It waits while a run of the check is in progress, then runs,
     * unless {@code deadline} passed meanwhile.
     *
     * @return whether it ran (false: the deadline passed while it waited)
     */
    boolean runConfirmation(Check check, Confirmation confirmation, Instant deadline) throws IOException {
        return run(check, new JourneyPlace(Optional.empty(), JourneyPlace.Role.BY_ROUND, objects), confirmation,
                deadline, Duration.ZERO);
    }

    /**
     * Runs the check once, after any run of it in progress on this probe (one at a time per check);
     * its log events carry its name and (once the run has one) the run's id in the MDC.
     *
     * @param confirmation marks the result as a confirmation run's; null for a scheduled run
     * @param notAfter     the run does not start after this (null: it always does)
     * @param late         how late the run started, for the log
     * @return whether it ran
     */
    private boolean run(Check check, JourneyPlace place, Confirmation confirmation, Instant notAfter, Duration late)
            throws IOException {
        ReentrantLock one = runs.computeIfAbsent(check.name(), name -> new ReentrantLock(true));
        one.lock();
        MDC.put(RunMdc.CHECK, check.name());
        try {
            if (notAfter != null && clock.instant().isAfter(notAfter)) {
                return false;
            }
            CheckResult result;
            try {
                result = runner.run(check, RunOptions.defaults().withProbeVariables(probeVariables)
                        .withProbe(probe.name(), probe.region()).withRetryDelay(retryDelay(check, maxRetryDelay))
                        .withJourney(place));
            } catch (UnresolvedVariablesException e) {
                result = cannotRun(check, e.getMessage());
            }
            if (confirmation != null) {
                result = result.withConfirmation(confirmation);
            }
            MDC.put(RunMdc.RUN, result.id().toString());
            result = evidence.inline(result);
            spool.append(ResultJson.toBytes(result));
            metrics.record(result);
            if (!result.ok()) {
                var event = logger.atInfo().addKeyValue("check", check.name())
                        .addKeyValue("error", result.error().kind().wireName()).addKeyValue("step", result.error().step())
                        .addKeyValue("lateMs", late.toMillis());
                if (confirmation != null) {
                    event = event.addKeyValue("confirmation", confirmation.round());
                }
                event.log(result.error().message());
            }
            return true;
        } finally {
            MDC.remove(RunMdc.CHECK);
            MDC.remove(RunMdc.RUN);
            one.unlock();
        }
    }

    /** A result for a check this probe cannot run at all (it lacks a variable's value): a failure, visible as such. */
    private CheckResult cannotRun(Check check, String why) {
        RunError error = new RunError(ErrorKind.SCRIPT, null, "this probe cannot run the check: " + why);
        return CheckResult.of(UUID.randomUUID(), check.name(), check.kind().wireName(),
                List.of(new Attempt(1, clock.instant(), 0, false, List.of(), error)));
    }
}
