package org.glassprobe.probe.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.scenarios.config.ConfigProblem;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.glassprobe.scenarios.config.StrictYaml;
import org.glassprobe.scenarios.model.Durations;

/**
 * The agent's optional YAML config file ({@code agent --config}). Every key is optional; flags
 * override it. It is read as the results API reads its own ({@link StrictYaml}): unknown keys and
 * bad values are errors naming the file, line, column, key and value; a value is held to the same
 * rules as the flag of the same name.
 *
 * <pre>
 * api: http://127.0.0.1:8080          (several, comma-separated, are tried in order when one fails)
 * data: /var/lib/glassprobe
 * variables: {target: https://www.example.org}
 * pull-interval: 10s
 * heartbeat-interval: 5s
 * listen: 127.0.0.1:9116
 * workers: 16
 * spool-max-bytes: 268435456
 * shutdown-grace: 10s
 * max-confirmations-per-minute: 60
 * </pre>
 */
record AgentConfigFile(String api, String data, Map<String, String> variables, String pullInterval,
        String heartbeatInterval, String listen, Integer workers, Long spoolMaxBytes, String shutdownGrace,
        Integer maxConfirmationsPerMinute) {

    static final AgentConfigFile EMPTY = new AgentConfigFile(null, null, Map.of(), null, null, null, null, null,
            null, null);
    static final long MIN_WORKERS = 1;
    static final long MAX_WORKERS = 1000;
    static final long MIN_SPOOL_BYTES = 1L << 20;
    static final long MAX_SPOOL_BYTES = 1L << 40;
    static final long MIN_CONFIRMATIONS_PER_MINUTE = 0;
    static final long MAX_CONFIRMATIONS_PER_MINUTE = 6000;
    private static final String NOT_AN_ADDRESS = "is not HOST:PORT (e.g. 127.0.0.1:9116) or off";

    AgentConfigFile {
        variables = Map.copyOf(variables);
    }

    /** Reads the file; the exception's message names every problem, each with its file, line and key. */
    static AgentConfigFile read(Path file) throws InvalidConfigException {
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> variables = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        StrictYaml.read(file, new StrictYaml.Schema() {
            @Override
            public Set<String> settings() {
                return Set.of("api", "data", "pull-interval", "heartbeat-interval", "listen", "workers",
                        "spool-max-bytes", "shutdown-grace", "max-confirmations-per-minute");
            }

            @Override
            public Set<String> openSections() {
                return Set.of("variables");
            }

            @Override
            public Optional<String> take(String key, String text) {
                if (key.startsWith("variables.")) {
                    variables.put(key.substring("variables.".length()), text);
                    return Optional.empty();
                }
                Optional<String> refused = problem(key, text);
                if (refused.isEmpty()) {
                    texts.put(key, text);
                }
                return refused;
            }

            @Override
            public String rootExample() {
                return "api and workers";
            }

            @Override
            public String keyExample() {
                return "workers";
            }
        }, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new AgentConfigFile(texts.get("api"), texts.get("data"), variables, texts.get("pull-interval"),
                texts.get("heartbeat-interval"), texts.get("listen"),
                texts.containsKey("workers") ? Integer.valueOf(texts.get("workers").trim()) : null,
                texts.containsKey("spool-max-bytes") ? Long.valueOf(texts.get("spool-max-bytes").trim()) : null,
                texts.get("shutdown-grace"), texts.containsKey("max-confirmations-per-minute")
                        ? Integer.valueOf(texts.get("max-confirmations-per-minute").trim()) : null);
    }

    /** What is wrong with a value of the file, by the rule of the flag of the same name. */
    private static Optional<String> problem(String key, String text) {
        return switch (key) {
            case "api" -> ApiClient.urlsProblem(text);
            case "pull-interval", "heartbeat-interval", "shutdown-grace" -> durationProblem(text);
            case "listen" -> addressProblem(text);
            case "workers" -> wholeNumber(text).map(n -> rangeProblem(n, MIN_WORKERS, MAX_WORKERS))
                    .orElse(Optional.of("is not a whole number"));
            case "spool-max-bytes" -> wholeNumber(text).map(n -> rangeProblem(n, MIN_SPOOL_BYTES, MAX_SPOOL_BYTES))
                    .orElse(Optional.of("is not a whole number"));
            case "max-confirmations-per-minute" -> wholeNumber(text)
                    .map(n -> rangeProblem(n, MIN_CONFIRMATIONS_PER_MINUTE, MAX_CONFIRMATIONS_PER_MINUTE))
                    .orElse(Optional.of("is not a whole number"));
            default -> Optional.empty();
        };
    }

    private static Optional<Long> wholeNumber(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A duration the agent takes: a positive one in the one duration grammar. */
    static Optional<String> durationProblem(String text) {
        Optional<Duration> d = Durations.parse(text);
        return d.isEmpty() || d.get().isZero() ? Optional.of("is not a duration; write e.g. 500ms, 10s, 1m")
                : Optional.empty();
    }

    static Optional<String> rangeProblem(long value, long min, long max) {
        return value < min || value > max ? Optional.of("is out of range; allowed: " + min + " to " + max)
                : Optional.empty();
    }

    /** The local server's address: HOST:PORT, or {@code off}. */
    static Optional<String> addressProblem(String text) {
        if (text.equals("off")) {
            return Optional.empty();
        }
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return colon <= 0 || port < 0 || port > 65535 ? Optional.of(NOT_AN_ADDRESS) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(NOT_AN_ADDRESS);
        }
    }

    /** The local server's address, or null for {@code off}; the text passed {@link #addressProblem}. */
    static InetSocketAddress address(String text) {
        if (text.equals("off")) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
