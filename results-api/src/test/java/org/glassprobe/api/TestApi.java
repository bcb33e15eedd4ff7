package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.config.ConfigLoader;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.store.Database;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;

/**
 * The real API started in this JVM on a real H2 file in a temporary folder, on a free loopback
 * port, with a clock the test moves; and a small HTTP client for it. Periodic jobs are configured
 * to run rarely so that tests run a job's work when they choose.
 */
public final class TestApi implements AutoCloseable {
    public static final String ADMIN = "test-admin-token-0123456789";
    public static final ObjectMapper JSON = Json.newMapper();

    public final MutableClock clock;
    public final RunningApi api;
    public final String base;
    public final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestApi(Path dataDir) {
        this(dataDir, Map.of());
    }

    public TestApi(Path dataDir, Map<String, String> env) {
        this(dataDir, env, new MutableClock(Instant.parse("2026-03-02T10:00:30Z")));
    }

    public TestApi(Path dataDir, Map<String, String> extraEnv, MutableClock clock) {
        Map<String, String> env = new HashMap<>(Map.of(
                "GLASSPROBE_DATA_DIR", dataDir.toString(),
                "GLASSPROBE_API_PORT", "0",
                "GLASSPROBE_API_HOST", "127.0.0.1",
                "GLASSPROBE_ADMIN_TOKEN", ADMIN,
                "GLASSPROBE_LIVENESS_EVERY", "1h",
                "GLASSPROBE_ROLLUP_EVERY", "1h",
                "GLASSPROBE_RETENTION_EVERY", "1d",
                "GLASSPROBE_DB_POOL_SIZE", "6"));
        // the probes here are the tests themselves, posting results: no confirmation runs are asked of
        // them (nobody would answer) unless a test is about them and turns them on
        env.put("GLASSPROBE_OUTAGES_CONFIRM_MAX_RUNS_PER_MINUTE", "0");
        env.putAll(extraEnv);
        ApiConfig config;
        try {
            config = new ConfigLoader().load(Optional.empty(), env);
        } catch (InvalidConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.clock = clock;
        MigratedH2.seed(config);
        this.api = Main.start(config, clock, new PrintStream(out, true, StandardCharsets.UTF_8));
        this.base = "http://127.0.0.1:" + api.port();
    }

    /** An HTTP answer: status, headers and body. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    public Answer send(String method, String path, String token, byte[] body, String contentType,
            Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public Answer post(String path, String token, String json) {
        return send("POST", path, token, json.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
    }

    public Answer putYaml(String name, String yaml) {
        return send("PUT", "/api/v1/checks/" + segment(name), ADMIN, yaml.getBytes(StandardCharsets.UTF_8),
                "application/yaml", Map.of());
    }

    public Answer delete(String path, String token) {
        return send("DELETE", path, token, null, null, Map.of());
    }

    /** A name as one URL path segment: every byte outside the unreserved set percent-encoded. */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** Enrols a probe and returns its token. */
    public String enrol(String name, String region) {
        Answer a = post("/api/v1/probes", ADMIN, "{\"name\":\"" + name + "\",\"region\":\"" + region + "\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("token").asText();
    }

    /**
     * Enrols probe "p-REGION" in each region and has each send a heartbeat (so that it is alive and
     * votes); their tokens by region, in the order given.
     */
    public Map<String, String> enrolBeating(List<String> regions) {
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (String region : regions) {
            String token = enrol("p-" + region, region);
            Answer beat = post("/api/v1/probe/heartbeat", token, "{}");
            assertThat(beat.status()).as(beat.body()).isEqualTo(200);
            tokens.put(region, token);
        }
        return tokens;
    }

    /** A ping check that runs in the given regions (all when none are given). */
    public void pushPing(String name, String... regions) {
        String regionLine = regions.length == 0 ? "" : "regions: [" + String.join(", ", regions) + "]\n";
        Answer a = putYaml(name, "name: \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\nkind: ping\n"
                + "interval: 30s\ntimeout: 5s\n" + regionLine + "http: {url: \"http://127.0.0.1:1/health\"}\n");
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    /** A result of one http step with the given phases; failed when ok is false. */
    public static CheckResult result(UUID id, String check, Instant startedAt, boolean ok, Phases phases) {
        double total = phases.sum();
        StepResult step = new StepResult("http", "http", ok, total, new StepResult.Request("GET", "http://x/health"),
                ok ? 200 : 503, phases, List.of(new ConditionResult("[STATUS] == 200", ok, ok ? "200" : "503", "200",
                false)), Map.of(), null, Map.of(), List.of(), ok ? null : new RunError(ErrorKind.STATUS, null,
                "status 503, expected 200"));
        return new CheckResult(id, check, "ping", startedAt, total, ok, 1, List.of(step),
                ok ? null : new RunError(ErrorKind.STATUS, "http", "status 503, expected 200"), List.of());
    }

    public static CheckResult result(String check, Instant startedAt, boolean ok) {
        return result(UUID.randomUUID(), check, startedAt, ok, new Phases(0.5, 1.0, 0, 10.0, 0.5));
    }

    public static String batch(List<CheckResult> results) {
        List<String> items = new ArrayList<>();
        results.forEach(r -> items.add(ResultJson.toJson(r)));
        return "{\"results\":[" + String.join(",", items) + "]}";
    }

    public Answer postResults(String probeToken, List<CheckResult> results) {
        return post("/api/v1/probe/results", probeToken, batch(results));
    }

    public long storedResults(String check) {
        Answer a = get("/api/v1/checks/" + segment(check) + "/results?limit=1000&from=2000-01-01T00:00:00Z", ADMIN);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("results").size();
    }

    @Override
    public void close() {
        api.close();
    }

    /**
     * An empty H2 database migrated once per test JVM, copied into each new data folder before its
     * API starts: migrating a fresh H2 file was most of a start (H2 writes and compresses its pages
     * at each DDL commit; a warm start took 1.5-4.4 s with it, 0.3-1.2 s without, on a loaded 2-core
     * machine), and most test classes start an API per test, 144 starts in all. The
     * API still opens and migrates it as at every start (Flyway finds nothing to apply); the copy
     * is what the API leaves of an empty database after a clean stop, made by the same
     * {@link Database#open} from this build's migrations. Only an empty (or new) data folder gets it:
     * one that holds anything (a restart's database, a journal to replay into a new database) and
     * any other database (PostgreSQL, or a URL of the test's own) are left alone; migrating an
     * empty database is DatabaseTest's and the store contracts' subject.
     */
    static final class MigratedH2 {
        private static final String FILE = "glassprobe.mv.db";
        private static Path template;

        private MigratedH2() {}

        static void seed(ApiConfig config) {
            Path into = config.dataDir().toAbsolutePath().normalize();
            if (!config.database().url().equals(defaultUrl(into))) {
                return;
            }
            try {
                if (java.nio.file.Files.isDirectory(into)) {
                    try (var entries = java.nio.file.Files.list(into)) {
                        if (entries.findAny().isPresent()) {
                            return;
                        }
                    }
                }
                java.nio.file.Files.createDirectories(into);
                java.nio.file.Files.copy(template(), into.resolve(FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String defaultUrl(Path dataDir) {
            try {
                return new ConfigLoader().load(Optional.empty(), Map.of("GLASSPROBE_DATA_DIR", dataDir.toString()))
                        .database().url();
            } catch (InvalidConfigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private static synchronized Path template() throws IOException {
            if (template == null) {
                Path dir = java.nio.file.Files.createTempDirectory("glassprobe-migrated-h2-");
                ApiConfig config;
                try {
                    config = new ConfigLoader().load(Optional.empty(), Map.of("GLASSPROBE_DATA_DIR", dir.toString()));
                } catch (InvalidConfigException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                try (Database db = Database.open(config.database(), config.journal(), config.dataDir(),
                        java.time.Clock.systemUTC())) {
                    db.vendor(); // opened and migrated; closed cleanly
                }
                template = dir.resolve(FILE);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete-migrated-h2"));
            }
            return template;
        }

        private static void deleteTree(Path dir) {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }
}
