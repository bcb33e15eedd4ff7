package org.glassprobe.api.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads the configuration strictly: defaults, then the YAML file, then the environment. Unknown
 * keys, wrong types and values out of range are errors naming the file, line, key path and value.
 */
public final class ConfigLoader {
    private static final int MAX_FILE_BYTES = 256 * 1024;

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
        file.ifPresent(path -> readFile(path, values, problems));
        for (Setting s : settings.values()) {
            String text = env.get(s.env());
            if (text != null) {
                Setting.Parsed parsed = s.parse(text);
                if (parsed.problem().isPresent()) {
                    problems.add(new ConfigProblem("environment " + s.env(), 0, 0, s.key(),
                            shown(s, text) + " " + parsed.error()));
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

    private void readFile(Path path, Map<String, Object> values, List<ConfigProblem> problems) {
        String shown = path.toString();
        String text;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                problems.add(new ConfigProblem(shown, 0, 0, "", "the file is larger than " + MAX_FILE_BYTES
                        + " bytes; is it the right file?"));
                return;
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "no such file (looked at " + path.toAbsolutePath() + ")"));
            return;
        } catch (MalformedInputException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "the file is not UTF-8 text"));
            return;
        } catch (IOException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "cannot read the file: " + e.getMessage()));
            return;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below with the line of the second one
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new ConfigProblem(shown, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + e.getProblem()));
            return;
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "not valid YAML: " + e.getMessage()));
            return;
        }
        if (root == null) {
            return; // an empty file: every default stands
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add(at(shown, root, "", "the configuration is a mapping of keys such as server and liveness"));
            return;
        }
        walk(shown, mapping, "", values, problems);
    }

    private void walk(String file, MappingNode mapping, String prefix, Map<String, Object> values,
            List<ConfigProblem> problems) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                problems.add(at(file, keyNode, prefix, "keys are plain words such as port"));
                continue;
            }
            String path = prefix.isEmpty() ? keyScalar.getValue() : prefix + "." + keyScalar.getValue();
            if (!seen.add(keyScalar.getValue())) {
                problems.add(at(file, keyNode, path, "the key is given twice; keep one"));
                continue;
            }
            Node value = tuple.getValueNode();
            Setting setting = settings.get(path);
            boolean isSection = settings.keySet().stream().anyMatch(k -> k.startsWith(path + "."));
            if (setting == null && !isSection) {
                problems.add(at(file, keyNode, path, "is not a setting" + (value instanceof ScalarNode s
                        ? " (value '" + s.getValue() + "')" : "") + "; known keys" + (prefix.isEmpty() ? "" : " under "
                        + prefix) + ": " + String.join(", ", known(prefix))));
                continue;
            }
            if (setting == null) {
                if (value instanceof MappingNode section) {
                    walk(file, section, path, values, problems);
                } else {
                    problems.add(at(file, value, path, "is a section; expected keys under it ("
                            + String.join(", ", known(path)) + ")"));
                }
                continue;
            }
            if (!(value instanceof ScalarNode scalar) || isNull(scalar)) {
                problems.add(at(file, keyNode, path, "expected a value, found " + (value instanceof ScalarNode
                        ? "nothing" : "a " + value.getNodeId().name().toLowerCase(java.util.Locale.ROOT))));
                continue;
            }
            Setting.Parsed parsed = setting.parse(scalar.getValue());
            if (parsed.problem().isPresent()) {
                problems.add(at(file, value, path, shown(setting, scalar.getValue()) + " " + parsed.error()));
            } else {
                values.put(path, parsed.value());
            }
        }
    }

    private static boolean isNull(ScalarNode scalar) {
        return scalar.getTag().getValue().endsWith(":null");
    }

    private List<String> known(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        String start = prefix.isEmpty() ? "" : prefix + ".";
        for (String key : settings.keySet()) {
            if (key.startsWith(start)) {
                String rest = key.substring(start.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return List.copyOf(names);
    }

    private static String shown(Setting setting, String value) {
        return setting.kind() == Setting.Kind.SECRET ? "the value (not shown)" : "'" + value + "'";
    }

    private static ConfigProblem at(String file, Node node, String key, String message) {
        Mark mark = node.getStartMark();
        return new ConfigProblem(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                key, message);
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
                new ApiConfig.Outages((Duration) v.get("outages.every"), (Duration) v.get("outages.result-grace"),
                        (Duration) v.get("outages.baseline-window"), (Integer) v.get("outages.baseline-min-runs")),
                new ApiConfig.Webhooks((Boolean) v.get("webhooks.allow-private-targets"),
                        (Duration) v.get("webhooks.timeout"), (Long) v.get("webhooks.max-response-bytes"),
                        (Duration) v.get("webhooks.backoff-initial"), (Duration) v.get("webhooks.backoff-max"),
                        (Duration) v.get("webhooks.horizon"), (Integer) v.get("webhooks.keep"),
                        (Integer) v.get("webhooks.max-webhooks"), (Duration) v.get("webhooks.poll"),
                        (Integer) v.get("webhooks.threads")));
    }
}
