package org.glassprobe.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glassprobe.scenarios.config.ConfigProblem;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.glassprobe.scenarios.config.StrictYaml;

/**
 * Reads the configuration strictly: defaults, then the YAML file, then the environment. Unknown
 * keys, wrong types and values out of range are errors naming the file, line, key path and value.
 */
public final class ConfigLoader {
    private final Map<String, Setting> settings = Settings.byKey();

    /** Loads the file (if any) and applies the environment over it. */
    public ApiConfig load(Optional<Path> file, Map<String, String> env) throws InvalidConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        for (Setting s : settings.values()) {
            if (s.defaultValue() != null) {
                values.put(s.key(), s.parse(s.defaultValue()).value());
            }
        }
        file.ifPresent(path -> StrictYaml.read(path, schema(values), problems));
        for (Setting s : settings.values()) {
            String text = env.get(s.env());
            if (text != null) {
                Setting.Parsed parsed = s.parse(text);
                if (parsed.problem().isPresent()) {
                    problems.add(new ConfigProblem("environment " + s.env(), 0, 0, s.key(),
                            StrictYaml.shown(text, s.kind() == Setting.Kind.SECRET) + " " + parsed.error()));
                } else {
                    values.put(s.key(), parsed.value());
                }
            }
        }
        if (problems.isEmpty()) {
            crossCheck(values, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return build(values);
    }

    /** The file's view of the settings: values parsed into {@code values} as they are found. */
    private StrictYaml.Schema schema(Map<String, Object> values) {
        return new StrictYaml.Schema() {
            @Override
            public Set<String> settings() {
                return settings.keySet();
            }

            @Override
            public boolean secret(String key) {
                return settings.get(key).kind() == Setting.Kind.SECRET;
            }

            @Override
            public Optional<String> take(String key, String text) {
                Setting.Parsed parsed = settings.get(key).parse(text);
                if (parsed.problem().isEmpty()) {
                    values.put(key, parsed.value());
                }
                return parsed.problem();
            }

            @Override
            public String rootExample() {
                return "server and liveness";
            }

            @Override
            public String keyExample() {
                return "port";
            }
        };
    }

    private static void crossCheck(Map<String, Object> v, List<ConfigProblem> problems) {
        String url = (String) v.get("database.url");
        if (Boolean.TRUE.equals(v.get("jobs.clustered")) && (url == null || url.toLowerCase(java.util.Locale.ROOT)
                .startsWith("jdbc:h2:"))) {
            problems.add(new ConfigProblem("configuration", 0, 0, "jobs.clustered", "'true' needs a PostgreSQL"
                    + " database.url (replicas share one database; an H2 file belongs to one API)"));
        }
        Duration late = (Duration) v.get("liveness.late-after");
        Duration down = (Duration) v.get("liveness.down-after");
        if (down.compareTo(late) <= 0) {
            problems.add(new ConfigProblem("configuration", 0, 0, "liveness.down-after", "'" + Values.format(down)
                    + "' must be longer than liveness.late-after ('" + Values.format(late) + "')"));
        }
        Duration raw = (Duration) v.get("retention.raw");
        Duration minute = (Duration) v.get("retention.minute");
        Duration hour = (Duration) v.get("retention.hour");
        if (minute.compareTo(raw) < 0) {
            problems.add(new ConfigProblem("configuration", 0, 0, "retention.minute", "'" + Values.format(minute)
                    + "' must be at least retention.raw ('" + Values.format(raw) + "')"));
        }
        if (hour.compareTo(minute) < 0) {
            problems.add(new ConfigProblem("configuration", 0, 0, "retention.hour", "'" + Values.format(hour)
                    + "' must be at least retention.minute ('" + Values.format(minute) + "')"));
        }
        String publicUrl = (String) v.get("public-url");
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
            problems.add(new ConfigProblem("configuration", 0, 0, "public-url", "'" + publicUrl + "' is not an http or"
                    + " https base URL such as https://status.example.org"));
        }
        Duration backoffInitial = (Duration) v.get("webhooks.backoff-initial");
        Duration backoffMax = (Duration) v.get("webhooks.backoff-max");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            problems.add(new ConfigProblem("configuration", 0, 0, "webhooks.backoff-max", "'" + Values.format(backoffMax)
                    + "' must be at least webhooks.backoff-initial ('" + Values.format(backoffInitial) + "')"));
        }
        int defaultLimit = (Integer) v.get("query.default-limit");
        int maxLimit = (Integer) v.get("query.max-limit");
        if (defaultLimit > maxLimit) {
            problems.add(new ConfigProblem("configuration", 0, 0, "query.default-limit", "'" + defaultLimit
                    + "' must not exceed query.max-limit ('" + maxLimit + "')"));
        }
    }

    private static ApiConfig build(Map<String, Object> v) {
        Path dataDir = Path.of((String) v.get("data-dir"));
        String url = (String) v.get("database.url");
        if (url == null) {
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("glassprobe")
                    + ";DB_CLOSE_ON_EXIT=FALSE";
        }
        return new ApiConfig(
                new ApiConfig.Server((String) v.get("server.host"), (Integer) v.get("server.port"),
                        (Long) v.get("server.max-body-bytes")),
                dataDir,
                new ApiConfig.Database(url, (String) v.get("database.user"), (String) v.get("database.password"),
                        (Integer) v.get("database.pool-size")),
                new ApiConfig.Journal((Boolean) v.get("journal.sync"), (Duration) v.get("journal.keep")),
                Optional.ofNullable((String) v.get("admin-token")),
                new ApiConfig.Ingest((Integer) v.get("ingest.max-batch-results"), (Long) v.get("ingest.max-batch-bytes"),
                        (Long) v.get("ingest.max-result-bytes"), (Duration) v.get("ingest.max-future-skew")),
                new ApiConfig.Checks((Integer) v.get("checks.max-checks"), (Long) v.get("checks.max-check-bytes"),
                        (Long) v.get("checks.max-file-bytes"), (Integer) v.get("checks.max-files")),
                new ApiConfig.Liveness((Duration) v.get("liveness.late-after"), (Duration) v.get("liveness.down-after"),
                        (Duration) v.get("liveness.every")),
                new ApiConfig.Rollup((Duration) v.get("rollup.every"), (Integer) v.get("rollup.batch-size")),
                new ApiConfig.Retention((Duration) v.get("retention.raw"), (Duration) v.get("retention.minute"),
                        (Duration) v.get("retention.hour"), (Duration) v.get("retention.every")),
                new ApiConfig.Jobs((Boolean) v.get("jobs.clustered"), (Integer) v.get("jobs.threads")),
                new ApiConfig.Query((Integer) v.get("query.default-limit"), (Integer) v.get("query.max-limit")),
                new ApiConfig.Metrics((Boolean) v.get("metrics.open")),
                Optional.ofNullable((String) v.get("public-url")),
                new ApiConfig.Page((String) v.get("page.title"), Optional.ofNullable((String) v.get("page.organisation")),
                        Optional.ofNullable((String) v.get("page.organisation-url")),
                        Optional.ofNullable((String) v.get("page.logo-url"))),
                new ApiConfig.Outages((Duration) v.get("outages.every"), (Duration) v.get("outages.result-grace"),
                        (Duration) v.get("outages.baseline-window"), (Integer) v.get("outages.baseline-min-runs"),
                        (Duration) v.get("outages.confirm-period"), (Duration) v.get("outages.confirm-min-interval"),
                        (Integer) v.get("outages.confirm-max-runs-per-minute")),
                new ApiConfig.Webhooks((Boolean) v.get("webhooks.allow-private-targets"),
                        (Duration) v.get("webhooks.timeout"), (Long) v.get("webhooks.max-response-bytes"),
                        (Duration) v.get("webhooks.backoff-initial"), (Duration) v.get("webhooks.backoff-max"),
                        (Duration) v.get("webhooks.horizon"), (Integer) v.get("webhooks.keep"),
                        (Integer) v.get("webhooks.max-webhooks"), (Duration) v.get("webhooks.poll"),
                        (Integer) v.get("webhooks.threads")));
    }
}
