package org.glassprobe.probe.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
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
import org.glassprobe.probe.metrics.LocalServer;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.ship.Backoff;
import org.glassprobe.probe.ship.Shipper;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.probe.spool.SpoolOptions;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.probe.sync.CheckSync;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.http.Warmup;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scheduler.IntervalScheduler;
import org.glassprobe.scheduler.MissedRun;
import org.glassprobe.scheduler.RunListener;
import org.glassprobe.scheduler.SchedulerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A probe at work: pulls the checks assigned to its region, runs each on its interval, spools every
 * result before sending it, ships results to the results API, heartbeats, and serves its own
 * /metrics and /healthz. Everything is made here from its parts; nothing is global.
 */
public final class Agent implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Agent.class);

    private final AgentSettings settings;
    private final ProbeIdentity identity;
    private final Clock clock;
    private final Instant startedAt;
    private final Spool spool;
    private final ProbeMetrics metrics = new ProbeMetrics();
    private final CheckRunner runner;
    private final IntervalScheduler scheduler;
    private final CheckJobs jobs;
    private final ApiClient api;
    private final CheckSync sync;
    private final Shipper shipper;
    private final Thread shipping;
    private final Heartbeats heartbeats;
    private final ScheduledExecutorService timers;
    private final LocalServer local;
    private final Set<String> running = new HashSet<>();
    private volatile boolean closed;

    /** What the agent is built from besides its settings: the check language and the step kinds. */
    public record Parts(CheckLanguage language, StepExecutors executors, Clock clock) {}

    private Agent(AgentSettings settings, ProbeIdentity identity, Parts parts) throws IOException {
        this.settings = settings;
        this.identity = identity;
        this.clock = parts.clock();
        this.startedAt = clock.instant();
        Path data = settings.dataDir();
        this.spool = Spool.open(data.resolve("spool"), SpoolOptions.defaults().withMaxBytes(settings.spoolMaxBytes()),
                clock);
        this.runner = new CheckRunner(parts.executors(), clock, Optional.of(data.resolve("artifacts")));
        this.jobs = new CheckJobs(runner, spool, metrics, settings.variables(),
                new RunOptions.Probe(identity.name(), identity.region()), clock);
        this.scheduler = IntervalScheduler.start(new SchedulerOptions("probe-" + identity.name(), settings.workers(),
                Duration.ofSeconds(1), new RunListener() {
                    @Override
                    public void missed(MissedRun m) {
                        metrics.missed(m.job(), m.count());
                    }
                }, clock));
        this.api = new ApiClient(ApiClient.url(settings.api()), identity.token(), Duration.ofSeconds(10));
        this.sync = new CheckSync(api, data.resolve("checks.json"), parts.language(), this::apply, clock);
        this.shipper = new Shipper(spool, api, Backoff.standard(), new Shipper.Limits(500, 4L * 1024 * 1024), clock);
        this.shipping = new Thread(shipper, "glassprobe-shipper");
        this.heartbeats = new Heartbeats(api, clock, startedAt, spool::stats, scheduler::stats, this::lastError);
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "glassprobe-agent-timer");
            t.setDaemon(true);
            return t;
        });
        metrics.watch(spool::stats, scheduler::stats, () -> new long[] {shipper.delivered(), shipper.rejected()});
        this.local = settings.listen() == null ? null : LocalServer.start(settings.listen(), metrics, this::health);
    }

    /** Starts the agent: the kept checks first (the API may be down), then the API's. */
    public static Agent start(AgentSettings settings, ProbeIdentity identity, Parts parts) throws IOException {
        Agent agent = new Agent(settings, identity, parts);
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
        sync.loadKept();
        shipping.start();
        timers.execute(this::pullQuietly);
        long pull = settings.pullEvery().toMillis();
        timers.scheduleWithFixedDelay(this::pullQuietly, pull, pull, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::beatQuietly, 0, settings.heartbeatEvery().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void apply(List<Check> checks) {
        if (closed) {
            return;
        }
        scheduler.replace(jobs.jobsFor(checks));
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
        return error != null ? error : shipper.lastError();
    }

    /** The /healthz body: alive, and what a person looking at one probe wants to know. */
    String health() {
        ObjectMapper json = ResultJson.newMapper();
        ObjectNode node = json.createObjectNode().put("status", closed ? "stopping" : "running")
                .put("probe", identity.name()).put("region", identity.region())
                .put("startedAt", startedAt.toString()).put("checks", scheduler.stats().jobs())
                .put("checksRunning", scheduler.stats().running()).put("spoolPending", spool.stats().pending())
                .put("spoolDropped", spool.stats().dropped()).put("delivered", shipper.delivered());
        if (shipper.lastDelivery() != null) {
            node.put("lastDelivery", shipper.lastDelivery().toString());
        }
        if (sync.lastPull() != null) {
            node.put("lastPull", sync.lastPull().toString());
        }
        if (lastError() != null) {
            node.put("lastError", lastError());
        }
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
        timers.shutdownNow();
        scheduler.close();
        shipper.stop();
        try {
            shipping.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = shipper.drain(settings.shutdownGrace());
        runner.close();
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
