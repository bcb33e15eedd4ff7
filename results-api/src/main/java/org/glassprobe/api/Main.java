package org.glassprobe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.AdminToken;
import org.glassprobe.api.auth.Tokens;
import org.glassprobe.api.checks.CheckRoutes;
import org.glassprobe.api.checks.CheckService;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.config.ConfigLoader;
import org.glassprobe.api.config.InvalidConfigException;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.ErrorBody;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.ingest.IngestRoutes;
import org.glassprobe.api.ingest.IngestService;
import org.glassprobe.api.liveness.HeartbeatRoutes;
import org.glassprobe.api.liveness.LivenessService;
import org.glassprobe.api.maintenance.MaintenanceRoutes;
import org.glassprobe.api.maintenance.MaintenanceService;
import org.glassprobe.api.metrics.ApiMetrics;
import org.glassprobe.api.metrics.MetricsRoutes;
import org.glassprobe.api.metrics.ProbeResultsCollector;
import org.glassprobe.api.notify.Backoff;
import org.glassprobe.api.notify.Dispatcher;
import org.glassprobe.api.notify.Notifiers;
import org.glassprobe.api.notify.ProbeEventFeed;
import org.glassprobe.api.outage.Announcer;
import org.glassprobe.api.outage.CheckStates;
import org.glassprobe.api.outage.DecidedStates;
import org.glassprobe.api.outage.OutageRoutes;
import org.glassprobe.api.outage.OutageService;
import org.glassprobe.api.outage.PolicyCodec;
import org.glassprobe.api.page.PageRoutes;
import org.glassprobe.api.page.StatusService;
import org.glassprobe.api.probes.ProbeRoutes;
import org.glassprobe.api.query.ResultRoutes;
import org.glassprobe.api.query.SummaryService;
import org.glassprobe.api.rollup.RetentionService;
import org.glassprobe.api.rollup.RollupService;
import org.glassprobe.api.store.CheckStore;
import org.glassprobe.api.store.Database;
import org.glassprobe.api.store.JournalReplay;
import org.glassprobe.api.store.MaintenanceStore;
import org.glassprobe.api.store.OutageStore;
import org.glassprobe.api.store.ProbeStore;
import org.glassprobe.api.store.ResultStore;
import org.glassprobe.api.store.SettingsStore;
import org.glassprobe.api.store.StoreException;
import org.glassprobe.api.store.WebhookStore;
import org.glassprobe.api.webhook.TargetPolicy;
import org.glassprobe.api.webhook.WebhookNotifier;
import org.glassprobe.api.webhook.WebhookRoutes;
import org.glassprobe.api.webhook.WebhookService;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scheduler.ClusteredStore;
import org.glassprobe.scheduler.PeriodicScheduler;
import org.glassprobe.scheduler.SchedulingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar glassprobe-api.jar [--config FILE]}: reads the configuration, wires the API by
 * constructors ({@link #start}) and serves until stopped. Exit status: 2 for a bad configuration or
 * arguments, 1 when it cannot start (port taken, database unreachable).
 */
public final class Main {
    private static final Logger logger = LoggerFactory.getLogger(Main.class);
    private static final int MAX_MAINTENANCE_WINDOWS = 1000;
    private static final String USAGE = "usage: java -jar glassprobe-api.jar [--config FILE]\n"
            + "  settings: defaults, then FILE (YAML), then GLASSPROBE_* environment variables; see docs/api.md";

    private Main() {}

    public static void main(String[] args) {
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                return;
            } else if (a.equals("--config") && i + 1 < args.length) {
                configFile = Optional.of(Path.of(args[++i]));
            } else if (a.startsWith("--config=")) {
                configFile = Optional.of(Path.of(a.substring("--config=".length())));
            } else {
                System.err.println("glassprobe-api: unknown argument '" + a + "'\n" + USAGE);
                System.exit(2);
            }
        }
        ApiConfig config;
        try {
            config = new ConfigLoader().load(configFile, System.getenv());
        } catch (InvalidConfigException e) {
            System.err.println("glassprobe-api: the configuration is invalid; nothing was started:");
            e.problems().forEach(p -> System.err.println("  " + p));
            System.exit(2);
            return;
        }
        RunningApi api;
        try {
            api = start(config, Clock.systemUTC(), System.out);
        } catch (StoreException | SchedulingException | JavalinBindException | IllegalArgumentException e) {
            System.err.println("glassprobe-api: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("glassprobe-api: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(api::close, "glassprobe-api-shutdown"));
        System.out.println("glassprobe-api: listening on http://" + config.server().host() + ":" + api.port());
        System.out.flush();
    }

    /**
     * Wires and starts the API: database (migrated), admin token, services, periodic jobs, HTTP.
     *
     * @param out where a generated admin token is printed (once)
     */
    public static RunningApi start(ApiConfig config, Clock clock, PrintStream out) {
        Database db = Database.open(config.database(), config.journal(), config.dataDir(), clock);
        PeriodicScheduler jobs = null;
        Dispatcher dispatcher = null;
        try {
            ObjectMapper json = Json.newMapper();
            Tokens tokens = new Tokens(new SecureRandom());
            SettingsStore settings = new SettingsStore(db, clock);
            ProbeStore probeStore = new ProbeStore(db, json);
            CheckStore checkStore = new CheckStore(db);
            ResultStore resultStore = new ResultStore(db);
            WebhookStore webhookStore = new WebhookStore(db);
            MaintenanceStore maintenanceStore = new MaintenanceStore(db);
            OutageStore outageStore = new OutageStore(db, PolicyCodec::decode);
            db.replay(new JournalReplay(new JournalReplay.Stores(probeStore, resultStore, checkStore, webhookStore,
                    maintenanceStore, settings, outageStore)));
            String adminHash = AdminToken.hash(config.adminToken(), settings::get,
                    hash -> settings.putIfAbsent("admin_token_sha256", hash), tokens, out);

            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            ApiMetrics metrics = new ApiMetrics(registry);
            registry.register(new ProbeResultsCollector(resultStore::latest, probeStore::list));

            CheckService checks = new CheckService(checkStore, CheckLanguage.standard(), clock, config.checks());
            LivenessService liveness = new LivenessService(probeStore, clock, config.liveness());
            java.util.concurrent.atomic.AtomicReference<String> publicUrl = new java.util.concurrent.atomic.AtomicReference<>(
                    config.publicUrl().orElse(null));
            TargetPolicy webhookTargets = new TargetPolicy(config.webhooks().allowPrivateTargets());
            WebhookNotifier webhookNotifier = new WebhookNotifier(config.webhooks().timeout(),
                    config.webhooks().maxResponseBytes(), webhookTargets);
            Notifiers notifiers = new Notifiers(List.of(webhookNotifier));
            dispatcher = new Dispatcher(webhookStore, notifiers, new Backoff(config.webhooks().backoffInitial(),
                    config.webhooks().backoffMax(), () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble()),
                    new Dispatcher.Options(config.webhooks().poll(), config.webhooks().threads(),
                            config.webhooks().horizon(), config.webhooks().keep(), config.webhooks().timeout(), clock));
            Announcer announcer = new Announcer(json, publicUrl::get);
            java.util.concurrent.atomic.AtomicReference<OutageService> decider = new java.util.concurrent.atomic.AtomicReference<>();
            MaintenanceService maintenance = new MaintenanceService(maintenanceStore, new MaintenanceService
                    .Options(json, new SecureRandom(), clock, name -> checks.find(name).isPresent(),
                    () -> decider.get().decideAll(), MAX_MAINTENANCE_WINDOWS));
            OutageService outages = new OutageService(outageStore, probeStore, maintenance::covers, announcer,
                    dispatcher::wake, new OutageService.Options(config.outages().resultGrace(),
                    config.outages().baselineWindow(), config.outages().baselineMinRuns(), clock));
            decider.set(outages);
            Dispatcher sender = dispatcher;
            ProbeEventFeed probeFeed = new ProbeEventFeed(probeStore, webhookStore, announcer::about, () -> {
                sender.wake();
                outages.decideAll();
            }, clock);
            WebhookService webhooks = new WebhookService(webhookStore, webhookNotifier, announcer::sample,
                    new WebhookService.Options(json, new SecureRandom(), clock, config.webhooks().maxWebhooks(),
                            config.webhooks().keep(), webhookTargets));
            CheckStates checkStates = new DecidedStates(outageStore);
            IngestService ingest = new IngestService(resultStore, checkStore, json, metrics,
                    new IngestService.Options(config.ingest(), config.retention().raw(), clock, outages::resultsStored,
                            maintenance::covers));
            SummaryService summaries = new SummaryService(resultStore, clock, config.retention().minute());
            RollupService rollups = new RollupService(resultStore, config.rollup().batchSize(), metrics);
            RetentionService retention = new RetentionService(resultStore, clock, config.retention());

            ClusteredStore.Dialect dialect = db.vendor() == Database.Vendor.POSTGRESQL
                    ? ClusteredStore.Dialect.POSTGRESQL : ClusteredStore.Dialect.STANDARD;
            jobs = PeriodicScheduler.start(new PeriodicScheduler.Options("glassprobe-api", config.jobs().threads(),
                    config.jobs().clustered() ? Optional.of(ClusteredStore.of(db.dataSource(), dialect))
                            : Optional.empty(), clock, StoreException.class::isInstance), List.of(
                    new PeriodicScheduler.Task("liveness-watchdog", config.liveness().every(), liveness::evaluate),
                    new PeriodicScheduler.Task("rollup", config.rollup().every(), rollups::runOnce),
                    new PeriodicScheduler.Task("retention", config.retention().every(), retention::runOnce),
                    new PeriodicScheduler.Task("outage-decisions", config.outages().every(), outages::decideAll),
                    new PeriodicScheduler.Task("probe-events", config.liveness().every(), probeFeed::runOnce)));
            dispatcher.start();
            PeriodicScheduler runningJobs = jobs;

            AccessControl access = new AccessControl(adminHash, probeStore::byTokenHash, config.metrics().open());
            List<java.util.function.Consumer<io.javalin.config.RoutesConfig>> routes = new ArrayList<>();
            routes.add(new HealthRoutes(db::reachable, db::writeHeldFor, runningJobs::running, runningJobs::lastRuns)::register);
            routes.add(new ProbeRoutes(probeStore, tokens, json, clock)::register);
            routes.add(new CheckRoutes(checks, json)::register);
            routes.add(new HeartbeatRoutes(liveness, metrics, json, clock, checks::etag)::register);
            routes.add(new IngestRoutes(ingest)::register);
            routes.add(new ResultRoutes(resultStore, summaries, name -> checks.find(name).isPresent(),
                    new ResultRoutes.Options(config.query(), config.retention().raw(), clock))::register);
            routes.add(new MetricsRoutes(registry)::register);
            routes.add(new OutageRoutes(checkStates, outageStore)::register);
            routes.add(new PageRoutes(new StatusService(new StatusService.Sources(checks, probeStore, resultStore,
                    summaries, checkStates, maintenance::list), new StatusService.Options(
                    java.time.Duration.ofSeconds(30), config.retention().raw(), 20, 50, 10, clock)), json)::register);
            routes.add(new WebhookRoutes(webhooks, config.server().maxBodyBytes())::register);
            routes.add(new MaintenanceRoutes(maintenance, config.server().maxBodyBytes())::register);

            Javalin server = Javalin.create(cfg -> {
                configure(cfg, config, json);
                cfg.routes.beforeMatched(access::check);
                routes.forEach(r -> r.accept(cfg.routes));
            });
            server.start();
            publicUrl.compareAndSet(null, "http://" + (config.server().host().equals("0.0.0.0") ? "127.0.0.1"
                    : config.server().host()) + ":" + server.port());
            logger.atInfo().addKeyValue("port", server.port()).addKeyValue("database", db.vendor().name())
                    .log("results API started");
            return new RunningApi(new RunningApi.Parts(server, jobs, db, liveness, rollups, retention, outages,
                    checkStates, dispatcher));
        } catch (RuntimeException e) {
            if (jobs != null) {
                jobs.close();
            }
            if (dispatcher != null) {
                dispatcher.close();
            }
            db.close();
            throw e;
        }
    }

    private static void configure(JavalinConfig cfg, ApiConfig config, ObjectMapper json) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jetty.host = config.server().host();
        cfg.jetty.port = config.server().port();
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("glassprobe-http");
        cfg.jetty.threadPool = threads;
        long largest = Math.max(config.server().maxBodyBytes(),
                Math.max(config.ingest().maxBatchBytes(), config.checks().maxCheckBytes()));
        cfg.http.maxRequestSize = largest;
        cfg.jetty.multipartConfig.maxFileSize(config.checks().maxCheckBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(config.checks().maxCheckBytes(), SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE,
                config.checks().maxCheckBytes()), SizeUnit.BYTES);
        // check names may hold any printable character: '/' travels as %2F, '\' as %5C, '.' and '..' as
        // themselves or %2E; Javalin matches the still-encoded path and decodes the parameter
        cfg.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.DEFAULT.with("glassprobe-names",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS)));
        cfg.jsonMapper(new JavalinJackson(json, false));
        cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status())
                .json(new ErrorBody(e.getMessage(), e.problems())));
        cfg.routes.exception(StoreException.class, (e, ctx) -> {
            logger.atWarn().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                    .addKeyValue("error", e.getMessage()).log("request failed on the database");
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .json(ErrorBody.of("the database is not available right now; try again shortly"));
        });
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            logger.atError().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path()).setCause(e)
                    .log("request failed unexpectedly");
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(ErrorBody.of("internal error (" + e.getClass().getSimpleName() + "); see the API's log"));
        });
        cfg.routes.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                ctx.json(ErrorBody.of("no route " + ctx.method().name() + " " + ctx.path() + "; see docs/api.md"));
            }
        });
    }
}
