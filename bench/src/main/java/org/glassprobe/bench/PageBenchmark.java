package org.glassprobe.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.glassprobe.api.RunningApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the uptime page and {@code /status.json} take with a real fleet's history: 20 checks ×
 * 3 regions × 90 days (10 million results as the roll-ups and raw rows the API keeps), generated
 * straight into the tables as the ingest benchmark does; then three probes enrolled through the
 * API, each heartbeating once and posting one fresh result per check, so that the page has a
 * fleet, current states and results not rolled up yet. Each route is requested
 * sequentially over HTTP; median and p95 of the wall time to the last byte.
 */
@Command(name = "page", mixinStandardHelpOptions = true,
        description = "Time to render the uptime page and /status.json over 90 days of history (20 checks x 3"
                + " regions, 10 million results as roll-ups): median and p95.")
final class PageBenchmark implements Callable<Integer> {
    @Option(names = "--stored", defaultValue = "10000000", description = "Results in the history (default 10,000,000).")
    long stored;

    @Option(names = "--checks", defaultValue = "20", description = "Checks (default 20).")
    int checks;

    @Option(names = "--requests", defaultValue = "50", description = "Timed requests per route (default 50).")
    int requests;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed requests per route first (default 10).")
    int warmup;

    @Option(names = "--dir", description = "Where the H2 file goes; kept, and reused when it holds a history generated"
            + " by this benchmark with the same --stored and --checks (generation takes about 8 minutes). Default: a"
            + " new temporary folder, deleted after.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (checks < 1 || checks > 1000 || stored < checks * 3L || requests < 1 || requests > 10_000 || warmup < 0) {
            System.err.println("--checks 1..1000, --stored >= 3 x --checks, --requests 1..10000, --warmup >= 0");
            return 2;
        }
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("glassprobe-bench-page") : dir;
        try {
            history(base);
            measure(base);
        } finally {
            if (temporary) {
                IngestBenchmark.deleteTree(base);
            }
        }
        return 0;
    }

    private void history(Path base) throws Exception {
        Path marker = base.resolve("page-bench.properties");
        Properties made = new Properties();
        if (Files.exists(marker)) {
            try (var in = Files.newInputStream(marker)) {
                made.load(in);
            }
            if (String.valueOf(stored).equals(made.getProperty("stored"))
                    && String.valueOf(checks).equals(made.getProperty("checks"))) {
                Instant end = Instant.ofEpochMilli(Long.parseLong(made.getProperty("end")));
                System.out.printf("reusing the history in %s, generated up to %s (%d min ago: the latest minutes have"
                        + " only what this run posts)%n", base, end,
                        (System.currentTimeMillis() - end.toEpochMilli()) / 60_000);
                return;
            }
            throw new IllegalStateException(base + " holds a history of other --stored/--checks: use another --dir");
        }
        if (Files.isDirectory(base)) {
            try (var files = Files.list(base)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalStateException(base + " is not empty and holds no history of this benchmark");
                }
            }
        }
        IngestBenchmark.History h = IngestBenchmark.generateHistory(base, stored, checks);
        made.setProperty("stored", String.valueOf(stored));
        made.setProperty("checks", String.valueOf(checks));
        made.setProperty("end", String.valueOf(h.endMs()));
        try (var out = Files.newOutputStream(marker)) {
            made.store(out, "glassprobe-bench page: the history in this folder");
        }
    }

    private void measure(Path base) throws Exception {
        try (RunningApi running = IngestBenchmark.startApi(base, Map.of("GLASSPROBE_DATA_DIR", base.toString()))) {
            String url = "http://127.0.0.1:" + running.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            fleet(http, url);
            System.out.printf("%npage: %d checks, %s; %d timed requests per route after %d untimed, one at a time%n",
                    checks, String.join(", ", IngestBenchmark.REGIONS), requests, warmup);
            for (String path : List.of("/", "/status.json", "/", "/status.json")) {
                for (int i = 0; i < warmup; i++) {
                    get(http, url + path);
                }
            }
            for (String path : List.of("/", "/status.json")) {
                List<Double> times = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    bytes = get(http, url + path).length();
                    times.add((System.nanoTime() - t0) / 1e6);
                }
                Stats s = Stats.of(times);
                System.out.printf("  GET %-12s median %7.1f ms  p95 %7.1f ms  (min %.1f, max %.1f, n=%d; %,d characters)%n",
                        path, s.median(), s.p95(), s.min(), s.max(), s.n(), bytes);
            }
        }
    }

    /** Three probes, one per region, each heartbeating once and posting one fresh result per check through the API. */
    private void fleet(HttpClient http, String url) throws Exception {
        Random random = new Random(7);
        for (String region : IngestBenchmark.REGIONS) {
            String name = "page-" + region;
            String answer;
            try {
                answer = IngestBenchmark.send(http, "POST", url + "/api/v1/probes", IngestBenchmark.ADMIN,
                        "{\"name\":\"" + name + "\",\"region\":\"" + region + "\"}", "application/json");
            } catch (java.io.IOException enrolledAlready) {
                answer = IngestBenchmark.send(http, "POST", url + "/api/v1/probes/" + name + "/token",
                        IngestBenchmark.ADMIN, null, null);
            }
            String token = answer.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            IngestBenchmark.send(http, "POST", url + "/api/v1/probe/heartbeat", token,
                    "{\"version\":\"0.1.0\",\"startedAt\":\"" + Instant.now() + "\"}", "application/json");
            StringBuilder batch = new StringBuilder("{\"results\":[");
            for (int k = 0; k < checks; k++) {
                CheckResult r = IngestBenchmark.result(UUID.randomUUID(), "check-" + k, Instant.now().minusSeconds(5),
                        true, random);
                batch.append(k == 0 ? "" : ",").append(ResultJson.toJson(r));
            }
            IngestBenchmark.send(http, "POST", url + "/api/v1/probe/results", token, batch.append("]}").toString(),
                    "application/json");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(300, r.body().length())));
        }
        return r.body();
    }
}
