package org.glassprobe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassprobe.api.Wiring.Features;
import org.glassprobe.api.Wiring.Metrics;
import org.glassprobe.api.Wiring.Notify;
import org.glassprobe.api.Wiring.Outages;
import org.glassprobe.api.Wiring.Results;
import org.glassprobe.api.Wiring.Stores;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.AdminToken;
import org.glassprobe.api.auth.Tokens;
import org.glassprobe.api.checks.CheckService;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.config.ConfigLoader;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.HttpMethods;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.http.PublicUrl;
import org.glassprobe.api.liveness.LivenessService;
import org.glassprobe.api.maintenance.MaintenanceCalendar;
import org.glassprobe.api.maintenance.MaintenanceService;
import org.glassprobe.api.notify.Dispatcher;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.api.store.Database;
import org.glassprobe.api.storage.StoreException;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.glassprobe.scenarios.result.ErrorBody;
import org.glassprobe.scheduler.PeriodicScheduler;
import org.glassprobe.scheduler.SchedulingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar glassprobe-api.jar [--config FILE]}: reads the configuration, wires the API by
 * constructors ({@link #start}) and serves until stopped. Exit status: 2 for a bad configuration or
 * arguments, 1 when it cannot start (port taken, database unreachable). {@code --help} and
 * {@code --version} print to standard output and exit 0.
 */
public final class Main {
    private static final Logger logger = LoggerFactory.getLogger(Main.class);
    private static final Duration H2_COMPACTION_EVERY = Duration.ofSeconds(5);
    private static final Duration H2_COMPACTION_BUDGET = Duration.ofMillis(500);
    private static final String USAGE = "usage: java -jar glassprobe-api.jar [--config FILE] | --help | --version\n"
            + "  settings: defaults, then FILE (YAML), then GLASSPROBE_* environment variables; see docs/api.md";

    private Main() {}

    public static void main(String[] args) {
        Args parsed = parseArgs(args, System.out, System.err);
        if (parsed instanceof Args.Exit exit) {
            if (exit.status() != 0) {
                System.exit(exit.status());
            }
            return;
        }
        Optional<Path> configFile = ((Args.Serve) parsed).configFile();
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

    /** What the command line asks for: to serve (with a config file or not), or to stop with a status. */
    sealed interface Args {
        record Serve(Optional<Path> configFile) implements Args {}

        /** Usage or version printed (0), or a bad argument reported (2). */
        record Exit(int status) implements Args {}
    }

    /** Reads the arguments; prints usage and version to {@code out}, a bad argument and usage to {@code err}. */
    static Args parseArgs(String[] args, PrintStream out, PrintStream err) {
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE);
                return new Args.Exit(0);
            } else if (a.equals("--version") || a.equals("-V")) {
                out.println("glassprobe-api " + version());
                return new Args.Exit(0);
            } else if (a.equals("--config") && i + 1 < args.length) {
                configFile = Optional.of(Path.of(args[++i]));
            } else if (a.startsWith("--config=")) {
                configFile = Optional.of(Path.of(a.substring("--config=".length())));
            } else {
                err.println("glassprobe-api: unknown argument '" + a + "'\n" + USAGE);
                return new Args.Exit(2);
            }
        }
        return new Args.Serve(configFile);
    }

    /**
     * The API's version: the jar manifest's Implementation-Version (the Maven project's version, as the
     * probe's heartbeats report theirs), or "0.1.0-dev" when run from classes.
     */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    /**
     * Wires and starts the API: database (migrated), admin token, services, HTTP, then the periodic
     * jobs and the webhook sender. The jobs start only once the API listens: the liveness watchdog
     * judges a probe's silence only while the API can hear it, and its first look after a restart
     * is what marks the restart as deaf time (a probe is never called down for heartbeats the API
     * was not yet listening for), and the events it decides link to the address it listens on.
     *
     * @param out where a generated admin token is printed (once)
     */
    public static RunningApi start(ApiConfig config, Clock clock, PrintStream out) {
        Database db = Database.open(config.database(), config.journal(), config.dataDir(), clock);
        PeriodicScheduler jobs = null;
        Dispatcher dispatcher = null;
        Javalin server = null;
        Wiring.Journeys journeys = null;
        org.glassprobe.api.confirm.ConfirmationService confirmations = null;
        try {
            ObjectMapper json = Json.newMapper();
            Tokens tokens = new Tokens(new SecureRandom());
            PublicUrl publicUrl = new PublicUrl(config.publicUrl());
            Stores stores = Stores.open(db, json, clock);
            String adminHash = AdminToken.hash(config.adminToken(), stores.settings()::get,
                    hash -> stores.settings().putIfAbsent("admin_token_sha256", hash), tokens, out);
            Metrics metrics = Metrics.of(stores);
            CheckService checks = new CheckService(stores.checks(), CheckLanguage.standard(), clock, config.checks());
            LivenessService liveness = new LivenessService(stores.probes(), clock, config.liveness());
            MaintenanceCalendar calendar = new MaintenanceCalendar(stores.maintenance());
            Notify notify = Notify.wire(config.webhooks(), stores, json, publicUrl, clock);
            dispatcher = notify.dispatcher();
            Outages outages = Outages.wire(config.outages(), stores, calendar, notify, metrics.api(), clock);
            confirmations = outages.confirmations();
            MaintenanceService maintenance = Wiring.maintenance(stores, calendar, checks, outages.service(), json,
                    clock);
            Results results = Results.wire(config, stores, json, metrics.api(), calendar, outages, clock);
            journeys = Wiring.Journeys.wire(config, stores, clock);

            List<PeriodicScheduler.Task> tasks = new ArrayList<>(List.of(
                    new PeriodicScheduler.Task("liveness-watchdog", config.liveness().every(), liveness::evaluate),
                    new PeriodicScheduler.Task("rollup", config.rollup().every(), results.rollups()::runOnce),
                    new PeriodicScheduler.Task("journey-rollup", config.rollup().every(), journeys.rollups()::rollUp),
                    new PeriodicScheduler.Task("retention", config.retention().every(), results.retention()::runOnce),
                    new PeriodicScheduler.Task("journey-retention", config.retention().every(),
                            journeys.rollups()::deleteExpired),
                    new PeriodicScheduler.Task("confirmation-retention", config.retention().every(),
                            outages.confirmations()::prune),
                    new PeriodicScheduler.Task("outage-decisions", config.outages().every(),
                            outages.service()::decideAll),
                    new PeriodicScheduler.Task("probe-events", config.liveness().every(),
                            outages.probeEvents()::runOnce)));
            if (db.vendor() == Database.Vendor.H2) {
                // H2's file would keep the space of replaced and deleted rows (see Database.compact)
                tasks.add(new PeriodicScheduler.Task("h2-compaction", H2_COMPACTION_EVERY,
                        () -> db.compact(H2_COMPACTION_BUDGET)));
            }
            jobs = Wiring.jobs(config, db, clock, tasks);

            AccessControl access = new AccessControl(adminHash, stores.probes()::byTokenHash, config.metrics().open());
            List<RouteGroup> routes = Wiring.routes(config, stores, new Features(db, jobs, metrics, checks,
                    liveness, calendar, maintenance, notify, outages, results, journeys), json, tokens, clock);
            server = Javalin.create(cfg -> {
                configure(cfg, config, json);
                cfg.routes.beforeMatched(access::check);
                routes.forEach(r -> r.register(cfg.routes));
                HttpMethods.openToEveryOrigin(cfg, Wiring.OPEN_TO_EVERY_ORIGIN);
                HttpMethods.headAsGet(cfg);
                HttpMethods.errorsAsJson(cfg);
            });
            server.start();
            publicUrl.listening(config.server().host(), server.port());
            jobs.start();
            dispatcher.start();
            logger.atInfo().addKeyValue("port", server.port()).addKeyValue("database", db.vendor().name())
                    .log("results API started");
            return new RunningApi(new RunningApi.Parts(server, jobs, db, liveness, results.rollups(),
                    results.retention(), outages.service(), outages.states(), dispatcher, journeys.service(),
                    journeys.rollups(), outages.confirmations()));
        } catch (RuntimeException e) {
            if (server != null) {
                server.stop();
            }
            if (jobs != null) {
                jobs.close();
            }
            if (journeys != null) {
                journeys.service().close();
            }
            if (confirmations != null) {
                confirmations.stop();
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
