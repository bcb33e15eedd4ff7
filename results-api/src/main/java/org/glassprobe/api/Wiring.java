package org.glassprobe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.glassprobe.api.auth.Tokens;
import org.glassprobe.api.checks.CheckRoutes;
import org.glassprobe.api.checks.CheckService;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.confirm.ConfirmationRoutes;
import org.glassprobe.api.confirm.ConfirmationService;
import org.glassprobe.api.discord.DiscordNotifier;
import org.glassprobe.api.email.EmailNotifier;
import org.glassprobe.api.http.PublicUrl;
import org.glassprobe.api.ingest.IngestRoutes;
import org.glassprobe.api.ingest.IngestService;
import org.glassprobe.api.journey.JourneyRollups;
import org.glassprobe.api.journey.JourneyRoutes;
import org.glassprobe.api.journey.JourneyService;
import org.glassprobe.api.liveness.HeartbeatRoutes;
import org.glassprobe.api.liveness.LivenessService;
import org.glassprobe.api.maintenance.MaintenanceCalendar;
import org.glassprobe.api.maintenance.MaintenanceRoutes;
import org.glassprobe.api.maintenance.MaintenanceService;
import org.glassprobe.api.metrics.ApiMetrics;
import org.glassprobe.api.metrics.MetricsRoutes;
import org.glassprobe.api.notify.Dispatcher;
import org.glassprobe.api.notify.Notifiers;
import org.glassprobe.api.notify.ProbeEventFeed;
import org.glassprobe.api.openapi.OpenApiRoutes;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.api.outage.Announcer;
import org.glassprobe.api.outage.CheckStateCollector;
import org.glassprobe.api.outage.CheckStates;
import org.glassprobe.api.outage.DecidedStates;
import org.glassprobe.api.outage.OutageRoutes;
import org.glassprobe.api.outage.OutageService;
import org.glassprobe.api.outage.PolicyCodec;
import org.glassprobe.api.page.PageRoutes;
import org.glassprobe.api.page.StatusService;
import org.glassprobe.api.pagerduty.PagerDutyNotifier;
import org.glassprobe.api.probes.ProbeRoutes;
import org.glassprobe.api.query.ProbeResultsCollector;
import org.glassprobe.api.query.ResultRoutes;
import org.glassprobe.api.query.SummaryService;
import org.glassprobe.api.rollup.RetentionService;
import org.glassprobe.api.rollup.RollupService;
import org.glassprobe.api.slack.SlackNotifier;
import org.glassprobe.api.storage.StoreException;
import org.glassprobe.api.store.Database;
import org.glassprobe.api.store.JdbcCheckStore;
import org.glassprobe.api.store.JdbcConfirmationStore;
import org.glassprobe.api.store.JdbcIngestStore;
import org.glassprobe.api.store.JdbcJourneyStore;
import org.glassprobe.api.store.JdbcMaintenanceStore;
import org.glassprobe.api.store.JdbcOutageStore;
import org.glassprobe.api.store.JdbcOutboxStore;
import org.glassprobe.api.store.JdbcProbeStore;
import org.glassprobe.api.store.JdbcResultQueries;
import org.glassprobe.api.store.JdbcRollupStore;
import org.glassprobe.api.store.JdbcWebhookStore;
import org.glassprobe.api.store.JournalReplay;
import org.glassprobe.api.store.SettingsStore;
import org.glassprobe.api.teams.TeamsNotifier;
import org.glassprobe.api.webhook.TargetPolicy;
import org.glassprobe.api.webhook.HttpSender;
import org.glassprobe.api.webhook.WebhookNotifier;
import org.glassprobe.api.webhook.WebhookRoutes;
import org.glassprobe.api.webhook.WebhookService;
import org.glassprobe.scheduler.Backoff;
import org.glassprobe.scheduler.ClusteredStore;
import org.glassprobe.scheduler.PeriodicScheduler;

/**
 * The results API's parts, wired feature by feature: what {@link Main#start} lists. Each record
 * is one feature's services; each factory takes only what that feature needs.
 */
final class Wiring {
    private static final int MAX_MAINTENANCE_WINDOWS = 1000;

    private Wiring() {}

    /** Every JDBC store on one database, the journal of writes the database missed replayed into them. */
    record Stores(SettingsStore settings, JdbcProbeStore probes, JdbcCheckStore checks, JdbcIngestStore ingest,
            JdbcResultQueries results, JdbcRollupStore rollups, JdbcWebhookStore webhooks, JdbcOutboxStore outbox,
            JdbcMaintenanceStore maintenance, JdbcOutageStore outages, JdbcJourneyStore journeys,
            JdbcConfirmationStore confirmations) {

        static Stores open(Database db, ObjectMapper json, Clock clock) {
            Stores s = new Stores(new SettingsStore(db, clock), new JdbcProbeStore(db, json), new JdbcCheckStore(db),
                    new JdbcIngestStore(db), new JdbcResultQueries(db), new JdbcRollupStore(db),
                    new JdbcWebhookStore(db), new JdbcOutboxStore(db), new JdbcMaintenanceStore(db),
                    new JdbcOutageStore(db, PolicyCodec::decode), new JdbcJourneyStore(db),
                    new JdbcConfirmationStore(db));
            db.replay(new JournalReplay(new JournalReplay.Stores(s.probes(), s.ingest(), s.checks(), s.webhooks(),
                    s.maintenance(), s.settings(), s.outages())));
            return s;
        }
    }

    /**
     * The Prometheus registry: the JVM's, the API's own, the latest result of every check and every
     * check's decided state (read from the stored decisions, as the uptime page reads them).
     */
    record Metrics(PrometheusRegistry registry, ApiMetrics api) {
        static Metrics of(Stores stores) {
            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            ApiMetrics api = new ApiMetrics(registry);
            registry.register(new ProbeResultsCollector(stores.results()::latest, stores.probes()::list));
            registry.register(new CheckStateCollector(new DecidedStates(stores.outages())::all));
            return new Metrics(registry, api);
        }
    }

    /** Sending: the notifier kinds, the outbox's sender, what events say, and the webhook subscriptions. */
    record Notify(Dispatcher dispatcher, Announcer announcer, WebhookService webhooks) {
        static Notify wire(ApiConfig.Webhooks config, Stores stores, ObjectMapper json, PublicUrl publicUrl,
                Clock clock) {
            TargetPolicy targets = new TargetPolicy(config.allowPrivateTargets());
            HttpSender http = new HttpSender(config.timeout(), config.maxResponseBytes(), targets);
            SecureRandom random = new SecureRandom();
            Notifiers notifiers = new Notifiers(List.of(
                    new WebhookNotifier(http, random),
                    new SlackNotifier(http, json),
                    new TeamsNotifier(http, json),
                    new DiscordNotifier(http, json),
                    new PagerDutyNotifier(http, json),
                    new EmailNotifier(targets, config.timeout(), json)));

            Dispatcher dispatcher = new Dispatcher(stores.outbox(), notifiers, new Backoff(config.backoffInitial(),
                    config.backoffMax(), Backoff.Jitter.EQUAL, () -> ThreadLocalRandom.current().nextDouble()),
                    new Dispatcher.Options(config.poll(), config.threads(), config.horizon(), config.keep(),
                            config.timeout(), clock));
            Announcer announcer = new Announcer(json, publicUrl);
            WebhookService webhooks = new WebhookService(stores.webhooks(), notifiers, announcer::sample,
                    new WebhookService.Options(json, random, clock, config.maxWebhooks(), config.keep()));
            return new Notify(dispatcher, announcer, webhooks);
        }
    }

    /**
     * Outage decisions, the states they decided, the confirmation runs they ask for, and the feed that
     * turns probes' liveness changes into events.
     */
    record Outages(OutageService service, CheckStates states, ProbeEventFeed probeEvents,
            ConfirmationService confirmations) {
        /** Probes that may wait for commands at once on one replica; each waits without holding an HTTP thread. */
        static final int MAX_COMMAND_WAITERS = 4096;
        /** The longest pause a probe makes before a retry (its agent's default). */
        static final Duration PROBE_MAX_RETRY_DELAY = Duration.ofSeconds(1);

        static Outages wire(ApiConfig.Outages config, Stores stores, MaintenanceCalendar calendar, Notify notify,
                ApiMetrics metrics, Clock clock) {
            ConfirmationService confirmations = new ConfirmationService(stores.confirmations(), metrics,
                    new ConfirmationService.Options(config.confirmPeriod(), config.confirmMinInterval(),
                            config.confirmMaxRunsPerMinute(),
                            config.resultGrace(), PROBE_MAX_RETRY_DELAY, MAX_COMMAND_WAITERS, clock));
            OutageService service = new OutageService(stores.outages(), stores.probes()::list, calendar::covers,
                    notify.announcer(), notify.dispatcher()::wake, confirmations, new OutageService.Options(
                            config.resultGrace(), config.baselineWindow(), config.baselineMinRuns(), clock));
            ProbeEventFeed probeEvents = new ProbeEventFeed(stores.probes()::eventsAfter, stores.outbox(),
                    notify.announcer()::about, () -> {
                        notify.dispatcher().wake();
                        service.decideAll();
                    }, clock);
            return new Outages(service, new DecidedStates(stores.outages()), probeEvents, confirmations);
        }
    }

    /** Results: ingestion, summaries, roll-ups and retention. */
    record Results(IngestService ingest, SummaryService summaries, RollupService rollups, RetentionService retention) {
        static Results wire(ApiConfig config, Stores stores, ObjectMapper json, ApiMetrics metrics,
                MaintenanceCalendar calendar, Outages outages, Clock clock) {
            IngestService ingest = new IngestService(stores.ingest(), stores.checks()::assignments, json, metrics,
                    new IngestService.Options(config.ingest(), config.retention().raw(), clock, stored -> {
                        // answers first: the decisions these results cause see their rounds answered
                        outages.confirmations().answered(stored.probe(), stored.confirmations());
                        outages.service().resultsStored(stored.checks());
                    }, calendar::covers));
            return new Results(ingest, new SummaryService(stores.results(), clock, config.retention().minute()),
                    new RollupService(stores.rollups(), config.rollup().batchSize(), metrics),
                    new RetentionService(stores.rollups(), clock, config.retention()));
        }
    }

    /**
     * Cross-region journeys: the readers' newest objects (a bounded long-poll), the propagation
     * read, and their roll-ups and retention (run with the API's roll-up and retention jobs).
     */
    record Journeys(JourneyService service, JourneyRollups rollups) {
        /** Readers that may wait for a newer object at once; each waits without holding an HTTP thread. */
        static final int MAX_WAITERS = 256;

        static Journeys wire(ApiConfig config, Stores stores, Clock clock) {
            return new Journeys(new JourneyService(stores.journeys(), new JourneyService.Options(
                    config.retention().raw(), MAX_WAITERS, Duration.ofMillis(100), clock)),
                    new JourneyRollups(stores.journeys(), config.rollup().batchSize(), clock, config.retention()));
        }
    }

    /** Maintenance windows as an admin changes them; every change decides again at once. */
    static MaintenanceService maintenance(Stores stores, MaintenanceCalendar calendar, CheckService checks,
            OutageService outages, ObjectMapper json, Clock clock) {
        return new MaintenanceService(stores.maintenance(), calendar, new MaintenanceService.Options(json,
                new SecureRandom(), clock, name -> checks.find(name).isPresent(), outages::decideAll,
                MAX_MAINTENANCE_WINDOWS));
    }

    /**
     * The periodic jobs, planned, not started ({@link Main#start} starts them once the API listens):
     * on the API's database (Quartz's JDBC store) when clustered, so that each runs once across
     * replicas; a database failure inside one is transient.
     */
    static PeriodicScheduler jobs(ApiConfig config, Database db, Clock clock, List<PeriodicScheduler.Task> tasks) {
        ClusteredStore.Dialect dialect = db.vendor() == Database.Vendor.POSTGRESQL
                ? ClusteredStore.Dialect.POSTGRESQL : ClusteredStore.Dialect.STANDARD;
        return PeriodicScheduler.plan(new PeriodicScheduler.Options("glassprobe-api", config.jobs().threads(),
                config.jobs().clustered() ? Optional.of(ClusteredStore.of(db.dataSource(), dialect)) : Optional.empty(),
                clock, StoreException.class::isInstance), tasks);
    }

    /**
     * The public JSON routes another site's script may read (the CORS preflight and
     * {@code Access-Control-Allow-Origin: *}): health, the status, summaries, series, propagation and outages.
     */
    static final List<String> OPEN_TO_EVERY_ORIGIN = List.of("/healthz", "/readyz", "/status.json",
            "/api/v1/checks/{name}/summary", "/api/v1/checks/{name}/series", "/api/v1/checks/{name}/propagation",
            "/api/v1/outages", "/api/v1/outages/{id}");

    /** Every route group, in the order they are registered; the last serves the OpenAPI document of them all. */
    static List<RouteGroup> routes(ApiConfig config, Stores stores, Features f, ObjectMapper json,
            Tokens tokens, Clock clock) {
        StatusService status = new StatusService(new StatusService.Sources(f.checks(), stores.probes()::list,
                stores.results(), f.results().summaries(), f.outages().states(), f.calendar()::list,
                f.journeys().service()),
                new StatusService.Options(Duration.ofSeconds(30), config.retention().raw(), 20, 50, 10, clock));
        List<RouteGroup> groups = List.of(
                new HealthRoutes(BoundedCheck.onOwnThread("readyz-database", f.db()::reachable, HealthRoutes.ANSWER_WITHIN)::test,
                        f.db()::writeHeldFor, f.jobs()::running,
                        f.jobs()::lastRuns),
                new ProbeRoutes(stores.probes(), tokens, json, clock),
                new CheckRoutes(f.checks(), json),
                new HeartbeatRoutes(f.liveness(), f.metrics().api(), json, clock, f.checks()::etag),
                new IngestRoutes(f.results().ingest()),
                new ResultRoutes(stores.results(), f.results().summaries(), name -> f.checks().find(name).isPresent(),
                        new ResultRoutes.Options(config.query(), config.retention().raw(), clock)),
                new MetricsRoutes(f.metrics().registry()),
                new OutageRoutes(f.outages().states(), stores.outages()),
                new PageRoutes(status, json, config.page()),
                new WebhookRoutes(f.sending().webhooks(), config.server().maxBodyBytes()),
                new MaintenanceRoutes(f.maintenance(), config.server().maxBodyBytes()),
                new JourneyRoutes(f.journeys().service(), stores.checks()::assignments,
                        name -> f.checks().find(name).isPresent(), clock),
                new ConfirmationRoutes(f.outages().confirmations(), f.checks()::etag,
                        name -> f.checks().find(name).isPresent()));
        List<RouteGroup> all = new ArrayList<>(groups);
        all.add(new OpenApiRoutes(groups, OPEN_TO_EVERY_ORIGIN, Main.version(), json));
        return List.copyOf(all);
    }

    /** The features the routes serve. */
    record Features(Database db, PeriodicScheduler jobs, Metrics metrics, CheckService checks, LivenessService liveness,
            MaintenanceCalendar calendar, MaintenanceService maintenance, Notify sending, Outages outages,
            Results results, Journeys journeys) {}
}
