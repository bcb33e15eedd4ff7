package org.glassprobe.api.config;

import static org.glassprobe.api.config.Setting.Kind.BOOLEAN;
import static org.glassprobe.api.config.Setting.Kind.DURATION;
import static org.glassprobe.api.config.Setting.Kind.INTEGER;
import static org.glassprobe.api.config.Setting.Kind.SECRET;
import static org.glassprobe.api.config.Setting.Kind.SIZE;
import static org.glassprobe.api.config.Setting.Kind.STRING;
import static org.glassprobe.api.config.Setting.Kind.URL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the results API, in one explicit list (docs/api.md prints the same table). */
public final class Settings {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * 1024;
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    public static final List<Setting> ALL = List.of(
            new Setting("server.host", "GLASSPROBE_API_HOST", "0.0.0.0", STRING, 1, 255,
                    "address to listen on"),
            new Setting("server.port", "GLASSPROBE_API_PORT", "8080", INTEGER, 0, 65535,
                    "port to listen on (0: any free port)"),
            new Setting("server.max-body-bytes", "GLASSPROBE_API_MAX_BODY_BYTES", "1MiB", SIZE, KIB, 64 * MIB,
                    "largest body of a request other than a result batch or a check"),
            new Setting("data-dir", "GLASSPROBE_DATA_DIR", "./data", STRING, 1, 4096,
                    "directory of the H2 database file"),
            new Setting("database.url", "GLASSPROBE_DB_URL", null, STRING, 1, 2000,
                    "JDBC URL; default: an H2 file database in data-dir"),
            new Setting("database.user", "GLASSPROBE_DB_USER", "sa", STRING, 0, 200, "database user"),
            new Setting("database.password", "GLASSPROBE_DB_PASSWORD", "", SECRET, 0, 500, "database password"),
            new Setting("database.pool-size", "GLASSPROBE_DB_POOL_SIZE", "10", INTEGER, 2, 200,
                    "connections in the pool (Quartz shares them)"),
            new Setting("journal.sync", "GLASSPROBE_JOURNAL_SYNC", "false", BOOLEAN, 0, 0,
                    "H2 only: force each journal record to the disk (survives power loss; a disk flush per write)"),
            new Setting("journal.keep", "GLASSPROBE_JOURNAL_KEEP", "10m", DURATION, MINUTE, DAY,
                    "H2 only: how long closed journal segments are kept"),
            new Setting("admin-token", "GLASSPROBE_ADMIN_TOKEN", null, SECRET, 16, 500,
                    "the admin token; when unset one is generated at first start, printed once and stored hashed"),
            new Setting("ingest.max-batch-results", "GLASSPROBE_INGEST_MAX_BATCH_RESULTS", "500", INTEGER, 1, 10_000,
                    "results in one POST /api/v1/probe/results"),
            new Setting("ingest.max-batch-bytes", "GLASSPROBE_INGEST_MAX_BATCH_BYTES", "8MiB", SIZE, KIB, 256 * MIB,
                    "bytes of one result batch"),
            new Setting("ingest.max-result-bytes", "GLASSPROBE_INGEST_MAX_RESULT_BYTES", "256KiB", SIZE, KIB,
                    900 * KIB, "bytes of one result in a batch"),
            new Setting("ingest.max-future-skew", "GLASSPROBE_INGEST_MAX_FUTURE_SKEW", "5m", DURATION, SECOND, DAY,
                    "how far after the API's clock a result may say it started"),
            new Setting("checks.max-checks", "GLASSPROBE_CHECKS_MAX_CHECKS", "1000", INTEGER, 1, 100_000,
                    "checks the API keeps"),
            new Setting("checks.max-check-bytes", "GLASSPROBE_CHECKS_MAX_CHECK_BYTES", "4MiB", SIZE, KIB, 64 * MIB,
                    "bytes of one PUT of a check, files included"),
            new Setting("checks.max-file-bytes", "GLASSPROBE_CHECKS_MAX_FILE_BYTES", "2MiB", SIZE, 1, 64 * MIB,
                    "bytes of one file sent with a check"),
            new Setting("checks.max-files", "GLASSPROBE_CHECKS_MAX_FILES", "16", INTEGER, 0, 1000,
                    "files sent with one check"),
            new Setting("liveness.late-after", "GLASSPROBE_LIVENESS_LATE_AFTER", "30s", DURATION, SECOND, DAY,
                    "a probe without a heartbeat for this long is late"),
            new Setting("liveness.down-after", "GLASSPROBE_LIVENESS_DOWN_AFTER", "90s", DURATION, SECOND, 7 * DAY,
                    "a probe without a heartbeat for this long is down"),
            new Setting("liveness.every", "GLASSPROBE_LIVENESS_EVERY", "5s", DURATION, 100, HOUR,
                    "how often the watchdog looks at the probes"),
            new Setting("rollup.every", "GLASSPROBE_ROLLUP_EVERY", "30s", DURATION, 100, HOUR,
                    "how often new results are folded into minute, hour and day roll-ups"),
            new Setting("rollup.batch-size", "GLASSPROBE_ROLLUP_BATCH_SIZE", "500", INTEGER, 10, 1_000_000,
                    "results folded per transaction"),
            new Setting("retention.raw", "GLASSPROBE_RETENTION_RAW", "7d", DURATION, HOUR, 3650 * DAY,
                    "how long raw results are kept"),
            new Setting("retention.minute", "GLASSPROBE_RETENTION_MINUTE", "30d", DURATION, HOUR, 3650 * DAY,
                    "how long minute roll-ups are kept"),
            new Setting("retention.hour", "GLASSPROBE_RETENTION_HOUR", "400d", DURATION, DAY, 3650 * DAY,
                    "how long hour roll-ups are kept"),
            new Setting("retention.every", "GLASSPROBE_RETENTION_EVERY", "1h", DURATION, SECOND, DAY,
                    "how often old data is deleted"),
            new Setting("jobs.clustered", "GLASSPROBE_JOBS_CLUSTERED", "false", BOOLEAN, 0, 0,
                    "Quartz clustering, for several API replicas on one PostgreSQL"),
            new Setting("jobs.threads", "GLASSPROBE_JOBS_THREADS", "3", INTEGER, 1, 20,
                    "Quartz worker threads"),
            new Setting("query.default-limit", "GLASSPROBE_QUERY_DEFAULT_LIMIT", "100", INTEGER, 1, 10_000,
                    "results per page when no limit is given"),
            new Setting("query.max-limit", "GLASSPROBE_QUERY_MAX_LIMIT", "1000", INTEGER, 1, 10_000,
                    "largest page of results"),
            new Setting("metrics.open", "GLASSPROBE_METRICS_OPEN", "false", BOOLEAN, 0, 0,
                    "serve /metrics without a token (else the admin token is needed)"),
            new Setting("public-url", "GLASSPROBE_PUBLIC_URL", null, STRING, 8, 500,
                    "the API's public base URL, for links to the uptime page in webhooks; default: the listen address"),
            new Setting("page.title", "GLASSPROBE_PAGE_TITLE", "Status", STRING, 1, 200,
                    "the uptime page's title (its heading, and the browser tab's after the state)"),
            new Setting("page.organisation", "GLASSPROBE_PAGE_ORGANISATION", null, STRING, 1, 200,
                    "the organisation's name, shown above the title; default: none"),
            new Setting("page.organisation-url", "GLASSPROBE_PAGE_ORGANISATION_URL", null, URL, 10, 2000,
                    "http(s) link back to the organisation's site, on its name and logo; default: none"),
            new Setting("page.logo-url", "GLASSPROBE_PAGE_LOGO_URL", null, URL, 10, 2000,
                    "http(s) URL of the organisation's logo (the page's image policy allows its origin); default: none"),
            new Setting("outages.every", "GLASSPROBE_OUTAGES_EVERY", "5s", DURATION, 100, HOUR,
                    "how often decisions that only time changes are taken (stale votes, windows, silent probes)"),
            new Setting("outages.result-grace", "GLASSPROBE_OUTAGES_RESULT_GRACE", "10s", DURATION, 0, HOUR,
                    "a region's latest result votes for 2 intervals + its attempts' timeouts + this"),
            new Setting("outages.baseline-window", "GLASSPROBE_OUTAGES_BASELINE_WINDOW", "7d", DURATION, HOUR,
                    90 * DAY, "latency history a region's baseline is taken from (hour roll-ups)"),
            new Setting("outages.baseline-min-runs", "GLASSPROBE_OUTAGES_BASELINE_MIN_RUNS", "100", INTEGER, 1,
                    1_000_000, "passed runs a baseline needs before a region can be degraded"),
            new Setting("outages.confirm-period", "GLASSPROBE_OUTAGES_CONFIRM_PERIOD", "30s", DURATION, SECOND, DAY,
                    "at most one confirmation round per check in this period"),
            new Setting("outages.confirm-min-interval", "GLASSPROBE_OUTAGES_CONFIRM_MIN_INTERVAL", "10s", DURATION,
                    SECOND, DAY, "checks that run more often are not confirmed: their next run comes as soon"),
            new Setting("outages.confirm-max-runs-per-minute", "GLASSPROBE_OUTAGES_CONFIRM_MAX_RUNS_PER_MINUTE", "60",
                    INTEGER, 0, 10_000, "confirmation runs one probe is asked for in any minute, over all checks"
                    + " (0: no confirmations)"),
            new Setting("webhooks.allow-private-targets", "GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "false", BOOLEAN,
                    0, 0, "let webhooks point to loopback, link-local and private addresses (a set-up on one machine or"
                    + " a private network); checked at creation and at each delivery"),
            new Setting("webhooks.timeout", "GLASSPROBE_WEBHOOKS_TIMEOUT", "10s", DURATION, 100, 2 * MINUTE,
                    "how long one delivery attempt may take, connecting included"),
            new Setting("webhooks.max-response-bytes", "GLASSPROBE_WEBHOOKS_MAX_RESPONSE_BYTES", "64KiB", SIZE, 0,
                    16 * MIB, "bytes of a receiver's answer read (the rest is not)"),
            new Setting("webhooks.backoff-initial", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "5s", DURATION, 10, HOUR,
                    "the wait after a first failed attempt; doubled after each further one, with jitter"),
            new Setting("webhooks.backoff-max", "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "10m", DURATION, 10, DAY,
                    "the longest wait between two attempts"),
            new Setting("webhooks.horizon", "GLASSPROBE_WEBHOOKS_HORIZON", "24h", DURATION, SECOND, 30 * DAY,
                    "how long after its event a delivery is retried before it is marked failed"),
            new Setting("webhooks.keep", "GLASSPROBE_WEBHOOKS_KEEP", "500", INTEGER, 1, 100_000,
                    "finished deliveries kept per webhook (the oldest beyond are deleted)"),
            new Setting("webhooks.max-webhooks", "GLASSPROBE_WEBHOOKS_MAX_WEBHOOKS", "100", INTEGER, 1, 10_000,
                    "webhooks the API keeps"),
            new Setting("webhooks.poll", "GLASSPROBE_WEBHOOKS_POLL", "1s", DURATION, 10, MINUTE,
                    "how often the sender looks for deliveries due (new events wake it at once)"),
            new Setting("webhooks.threads", "GLASSPROBE_WEBHOOKS_THREADS", "4", INTEGER, 1, 64,
                    "webhooks delivered to at once (each webhook's deliveries go one at a time, in order)"));

    private Settings() {}

    public static Map<String, Setting> byKey() {
        Map<String, Setting> map = new LinkedHashMap<>();
        ALL.forEach(s -> map.put(s.key(), s));
        return map;
    }

    public static Optional<Setting> find(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
