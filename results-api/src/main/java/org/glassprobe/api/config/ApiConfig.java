package org.glassprobe.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the results API, after defaults, the config file and the environment were
 * applied. The sections mirror the YAML file's top-level keys; {@link Settings} lists every key.
 */
public record ApiConfig(
        Server server,
        Path dataDir,
        Database database,
        Journal journal,
        Optional<String> adminToken,
        Ingest ingest,
        Checks checks,
        Liveness liveness,
        Rollup rollup,
        Retention retention,
        Jobs jobs,
        Query query,
        Metrics metrics,
        Optional<String> publicUrl,
        Page page,
        Outages outages,
        Webhooks webhooks) {

    public ApiConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(rollup, "rollup");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(outages, "outages");
        Objects.requireNonNull(webhooks, "webhooks");
    }

    /** Where and how the HTTP server listens. */
    public record Server(String host, int port, long maxBodyBytes) {}

    /** The JDBC URL (an H2 file in the data directory unless set), credentials and pool size. */
    public record Database(String url, String user, String password, int poolSize) {}

    /**
     * The embedded store's journal of acknowledged writes (see {@code store.Database}): whether each
     * record is forced to the disk, and how long closed segments are kept.
     */
    public record Journal(boolean sync, Duration keep) {}

    /** Bounds of one result batch, and how far in the future a result may claim to have started. */
    public record Ingest(int maxBatchResults, long maxBatchBytes, long maxResultBytes, Duration maxFutureSkew) {}

    /** Bounds of the check catalogue: how many checks, and how big a check with its files may be. */
    public record Checks(int maxChecks, long maxCheckBytes, long maxFileBytes, int maxFiles) {}

    /** When a silent probe is late and then down, and how often that is looked at. */
    public record Liveness(Duration lateAfter, Duration downAfter, Duration every) {}

    /** How often raw results are folded into minute, hour and day roll-ups, and how many per transaction. */
    public record Rollup(Duration every, int batchSize) {}

    /** How long raw results, minute, hour and day roll-ups are kept, and how often old ones are deleted. */
    public record Retention(Duration raw, Duration minute, Duration hour, Duration every) {}

    /** Quartz: clustered (one run of each job across API replicas on a shared PostgreSQL) or not. */
    public record Jobs(boolean clustered, int threads) {}

    /** Page sizes of the query routes. */
    public record Query(int defaultLimit, int maxLimit) {}

    /** Whether {@code /metrics} is open to everyone or needs the admin token. */
    public record Metrics(boolean open) {}

    /**
     * The uptime page's branding: its title, and the organisation's name, site and logo (http or
     * https URLs, checked when the configuration is read).
     */
    public record Page(String title, Optional<String> organisation, Optional<String> organisationUrl,
            Optional<String> logoUrl) {
        public Page {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(organisationUrl, "organisationUrl");
            Objects.requireNonNull(logoUrl, "logoUrl");
        }
    }

    /**
     * Outage decisions: how often time alone is looked at, how long a region's latest result votes
     * beyond its check's own rhythm, and the latency history a region's baseline comes from.
     */
    public record Outages(Duration every, Duration resultGrace, Duration baselineWindow, int baselineMinRuns,
            Duration confirmPeriod, Duration confirmMinInterval, int confirmMaxRunsPerMinute) {}

    /**
     * Webhooks: whether they may point to non-public addresses, bounds of one attempt, the retry
     * schedule, and what is kept.
     */
    public record Webhooks(boolean allowPrivateTargets, Duration timeout, long maxResponseBytes, Duration backoffInitial,
            Duration backoffMax, Duration horizon, int keep, int maxWebhooks, Duration poll, int threads) {}
}
