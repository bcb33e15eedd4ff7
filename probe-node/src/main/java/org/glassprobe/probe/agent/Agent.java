package org.glassprobe.probe.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassprobe.probe.command.Command;
import org.glassprobe.probe.command.CommandChannel;
import org.glassprobe.probe.command.Confirmations;
import org.glassprobe.probe.metrics.LocalServer;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.ship.Shipper;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.probe.sync.ApiException;
import org.glassprobe.probe.sync.CheckSync;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.Warmup;
import org.glassprobe.scenarios.dns.DnsWarmup;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.Timestamps;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.JourneyPlace;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scheduler.IntervalScheduler;
import org.glassprobe.scheduler.MissedRun;
import org.glassprobe.scheduler.RunListener;
import org.glassprobe.scheduler.ScheduledRun;
import org.glassprobe.scheduler.SchedulerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A probe at work: pulls the checks assigned to its region, runs each on its interval, spools every
 * result before sending it, ships results to the results API, heartbeats, runs the confirmation runs
 * the API asks for on the command channel, and serves its own
 * /metrics and /healthz. Everything is made here from its parts, one feature after another, with the
 * deployment's {@link AgentSettings} and the probe's fixed {@link ProbeSettings}; nothing is global.
 */
public final class Agent implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Agent.class);
    /** Where in the data folder each part keeps its files. */
    private static final String SPOOL_DIR = "spool";
    private static final String ARTIFACTS_DIR = "artifacts";
    private static final String CHECKS_FILE = "checks.json";
    /** One timer thread for pulling checks, one for heartbeats: neither waits for the other. */
    private static final int TIMER_THREADS = 2;
    /** How long shutdown waits for the command channel's request to end once interrupted. */
    private static final Duration COMMANDS_STOP_WAIT = Duration.ofSeconds(2);

    private final AgentSettings settings;
    private final ProbeIdentity identity;
    private final Clock clock;
    private final Instant startedAt;
    private final ProbeMetrics metrics = new ProbeMetrics();
    private final Spool spool;
    private final Runs runs;
    private final ApiClient api;
    private final CheckSync sync;
    private final Shipping shipping;
    private final Heartbeats heartbeats;
    private final Confirmations confirmations;
    private final CommandChannel commands;
    private final ScheduledExecutorService timers;
    private final LocalServer local;
    private final Set<String> running = new HashSet<>();
    private volatile boolean closed;

    /** What the agent is built from besides its settings: the check language and the step kinds. */
    public record Parts(CheckLanguage language, StepExecutors executors, Clock clock) {}

    private Agent(AgentSettings settings, ProbeSettings fixed, ProbeIdentity identity, Parts parts)
            throws IOException {
        this.settings = settings;
        this.identity = identity;
        this.clock = parts.clock();
        this.startedAt = clock.instant();
        this.spool = Spool.open(settings.dataDir().resolve(SPOOL_DIR), fixed.spool(settings.spoolMaxBytes()), clock);
        this.api = new ApiClient(ApiClient.urls(settings.api()), identity.token(), fixed.api());
        this.runs = Runs.start(settings, fixed, identity, parts, spool, metrics, this::journeyObject);
        this.sync = new CheckSync(api, settings.dataDir().resolve(CHECKS_FILE), parts.language(), this::apply, clock);
        this.shipping = Shipping.of(spool, api, fixed, clock);
        this.heartbeats = new Heartbeats(api, clock, startedAt, spool::stats, runs.scheduler()::stats,
                this::lastError, fixed.heartbeatMaxErrorChars());
        this.timers = timers();
        this.confirmations = new Confirmations(runs.jobs()::runConfirmation,
                fixed.confirmations(settings.maxConfirmationsPerMinute()), metrics, clock);
        this.commands = new CommandChannel(api::commands, new CommandChannel.Listener() {
            @Override
            public void command(Command command) {
                confirmations.accept(command);
            }

            @Override
            public void checksEtag(String etag) {
                sync.heard(etag, timers);
            }
        }, fixed.commands(), metrics, clock);
        metrics.watch(spool::stats, runs.scheduler()::stats, shipping::counts);
        this.local = settings.listen() == null ? null : LocalServer.start(settings.listen(), metrics, this::health);
    }

    /** A journey's reader asks the API for the object to read. */
    private JourneyPlace.Lookup journeyObject(String check, java.time.Instant round, Duration wait)
            throws IOException {
        try {
            return api.journeyObject(check, round, wait);
        } catch (ApiException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Scheduling and running the checks: the runner, the jobs it is given for the checks, and the
     * scheduler that fires them.
     */
    private record Runs(CheckRunner runner, CheckJobs jobs, IntervalScheduler scheduler) {
        static Runs start(AgentSettings settings, ProbeSettings fixed, ProbeIdentity identity, Parts parts,
                Spool spool, ProbeMetrics metrics, JourneyPlace.ObjectSource objects) {
            CheckRunner runner = new CheckRunner(parts.executors(), parts.clock(),
                    Optional.of(settings.dataDir().resolve(ARTIFACTS_DIR)));
            CheckJobs jobs = new CheckJobs(runner, spool, metrics,
                    new Evidence(fixed.evidenceMaxWidth(), fixed.evidenceMaxBytes()),
                    new CheckJobs.Options(settings.variables(),
                            new RunOptions.Probe(identity.name(), identity.region()), fixed.maxRetryDelay(),
                            parts.clock(), objects));
            IntervalScheduler scheduler = IntervalScheduler.start(new SchedulerOptions("probe-" + identity.name(),
                    settings.workers(), fixed.misfireAfter(), new RunListener() {
                        @Override
                        public void finished(ScheduledRun run, Duration took, Throwable failure) {
                            metrics.lateness(run.lateness());
                        }

                        @Override
                        public void missed(MissedRun m) {
                            metrics.missed(m.job(), m.count());
                        }
                    }, parts.clock()));
            return new Runs(runner, jobs, scheduler);
        }
    }

    /** Sending results: the shipper and its own thread. */
    private record Shipping(Shipper shipper, Thread thread, Duration stopWait) {
        static Shipping of(Spool spool, ApiClient api, ProbeSettings fixed, Clock clock) {
            Shipper shipper = new Shipper(spool, api, fixed.shipping(), clock);
            return new Shipping(shipper, new Thread(shipper, "glassprobe-shipper"), fixed.shipStopWait());
        }

        long[] counts() {
            return new long[] {shipper.delivered(), shipper.rejected(), shipper.unassigned()};
        }

        /** Ends the loop after the batch in flight, then delivers what it can within the grace; what is left. */
        long stop(Duration grace) {
            shipper.stop();
            try {
                thread.join(stopWait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return shipper.drain(grace);
        }
    }

    private static ScheduledExecutorService timers() {
        return Executors.newScheduledThreadPool(TIMER_THREADS, r -> {
            Thread t = new Thread(r, "glassprobe-agent-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the agent: the kept checks first (the API may be down), then the API's. */
    public static Agent start(AgentSettings settings, ProbeSettings fixed, ProbeIdentity identity, Parts parts)
            throws IOException {
        Agent agent = new Agent(settings, fixed, identity, parts);
        agent.begin();
        return agent;
    }

    private void begin() {
        logger.atInfo().addKeyValue("probe", identity.name()).addKeyValue("region", identity.region())
                .addKeyValue("api", settings.api()).addKeyValue("data", settings.dataDir().toAbsolutePath())
                .addKeyValue("local", local == null ? "off" : "http://" + settings.listen().getHostString() + ":"
                        + local.port())
                .log("probe agent starting");
        // Before the first measurement: JVM start-up must not be reported as the site's latency.
        Warmup.run(true);
        DnsWarmup.run();
        sync.loadKept();
        shipping.thread().start();
        // The channel opens once the checks are known (kept, or the first pull answered or failed): a
        // command for a check not known yet would be skipped, and it is not sent again.
        timers.execute(() -> {
            pullQuietly();
            if (!closed) {
                commands.start();
            }
        });
        long pull = settings.pullEvery().toMillis();
        timers.scheduleWithFixedDelay(this::pullQuietly, pull, pull, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::beatQuietly, 0, settings.heartbeatEvery().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void apply(List<Check> checks) {
        if (closed) {
            return;
        }
        runs.scheduler().replace(runs.jobs().jobsFor(checks));
        confirmations.checks(checks);
        Set<String> now = new HashSet<>();
        checks.forEach(c -> now.add(c.name()));
        for (String gone : running) {
            if (!now.contains(gone)) {
                metrics.forget(gone);
            }
        }
        running.clear();
        running.addAll(now);
    }

    private void pullQuietly() {
        try {
            sync.pull();
        } catch (RuntimeException e) {
            logger.atError().setCause(e).log("pulling checks failed unexpectedly; will try again");
        }
    }

    private void beatQuietly() {
        try {
            String etag = heartbeats.beat();
            if (etag != null && !Objects.equals(etag, sync.etag())) {
                sync.pull();
            }
        } catch (RuntimeException e) {
            logger.atError().setCause(e).log("heartbeat failed unexpectedly; will try again");
        }
    }

    private String lastError() {
        String error = sync.lastError();
        return error != null ? error : shipping.shipper().lastError();
    }

    /** The /healthz body: alive, and what a person looking at one probe wants to know. */
    String health() {
        ObjectMapper json = ResultJson.newMapper();
        ObjectNode node = json.createObjectNode().put("status", closed ? "stopping" : "running")
                .put("probe", identity.name()).put("region", identity.region())
                .put("startedAt", Timestamps.format(startedAt)).put("checks", runs.scheduler().stats().jobs())
                .put("checksRunning", runs.scheduler().stats().running()).put("spoolPending", spool.stats().pending())
                .put("spoolDropped", spool.stats().dropped()).put("delivered", shipping.shipper().delivered())
                // null, not left out, until there is one: every field the docs name is there
                .put("lastDelivery", Timestamps.formatOrNull(shipping.shipper().lastDelivery()))
                .put("lastPull", Timestamps.formatOrNull(sync.lastPull())).put("lastError", lastError());
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "{\"status\":\"running\"}";
        }
    }

    public int localPort() {
        return local == null ? -1 : local.port();
    }

    /**
     * Stops gracefully: no new runs; runs in progress end at their deadline; the spool is
     * delivered while the API answers, within the shutdown grace; what is left stays on disk.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        logger.atInfo().log("probe agent stopping: waiting for running checks to end");
        // No command is taken once the scheduler stops: the channel first, then the confirmation runs.
        commands.stop(COMMANDS_STOP_WAIT);
        timers.shutdownNow();
        confirmations.close(settings.shutdownGrace());
        runs.scheduler().close();
        long left = shipping.stop(settings.shutdownGrace());
        runs.runner().close();
        try {
            spool.close();
        } catch (IOException e) {
            logger.atError().setCause(e).log("cannot close the spool cleanly; it will be recovered at the next start");
        }
        if (local != null) {
            local.close();
        }
        logger.atInfo().addKeyValue("pendingResults", left).log(left == 0 ? "probe agent stopped; every result"
                + " delivered" : "probe agent stopped; undelivered results stay spooled for the next start");
    }
}
