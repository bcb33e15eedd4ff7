package org.glassprobe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the uptime page, a check's page, {@code /status.json} and the summaries answer with a
 * real fleet's history: 20 checks × 3 regions × 90 days (10 million results as the roll-ups and raw
 * rows the API keeps), generated straight into the tables as the ingest benchmark does. The API runs
 * as its own process (this jar's, and with {@code --baseline-jar} first an older build's on the same
 * history, so both are measured the same way in one run); three probes are enrolled through it,
 * heartbeat and post one fresh result per check. Then each route is timed one request at a time
 * (median and p95 of the wall time to the last byte, sizes plain and gzip), and, with Debian's
 * {@code wrk}, by 50 concurrent readers for a bounded time while a probe thread keeps posting results.
 */
@Command(name = "page", mixinStandardHelpOptions = true,
        description = "Time of the uptime page, a check's page, /status.json and the summaries over 90 days of"
                + " history (20 checks x 3 regions, 10 million results as roll-ups): one reader, then 50 with wrk"
                + " while results keep arriving; each figure beside its goal.")
final class PageBenchmark implements Callable<Integer> {
    private static final List<String> PAGES = List.of("/", "/checks/check-0", "/status.json");
    private static final List<String> PERIODS = List.of("24h", "7d", "30d", "90d");

    @Option(names = "--stored", defaultValue = "10000000", description = "Results in the history (default 10,000,000).")
    long stored;

    @Option(names = "--checks", defaultValue = "20", description = "Checks (default 20).")
    int checks;

    @Option(names = "--requests", defaultValue = "50", description = "Timed requests per route (default 50).")
    int requests;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed requests per route first (default 10).")
    int warmup;

    @Option(names = "--readers", defaultValue = "50", description = "Concurrent readers for wrk (default 50).")
    int readers;

    @Option(names = "--seconds", defaultValue = "20", description = "How long wrk reads each route (default 20).")
    int seconds;

    @Option(names = "--baseline-jar", description = "An older glassprobe-bench.jar (or glassprobe-api.jar) whose API"
            + " is measured first on the same history, one reader at a time: the baseline.")
    Path baselineJar;

    @Option(names = "--dir", description = "Where the H2 file goes; kept, and reused when it holds a history generated"
            + " by this benchmark with the same --stored and --checks (generation takes about 8 minutes). Default: a"
            + " new temporary folder, deleted after.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (checks < 1 || checks > 1000 || stored < checks * 3L || requests < 1 || requests > 10_000 || warmup < 0
                || readers < 1 || readers > 1000 || seconds < 1 || seconds > 600) {
            System.err.println("--checks 1..1000, --stored >= 3 x --checks, --requests 1..10000, --warmup >= 0,"
                    + " --readers 1..1000, --seconds 1..600");
            return 2;
        }
        if (baselineJar != null && !Files.isRegularFile(baselineJar)) {
            System.err.println("--baseline-jar " + baselineJar + " is not a file");
            return 2;
        }
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("glassprobe-bench-page") : dir;
        try {
            history(base);
            Path self = Path.of(PageBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Map<String, Stats> baseline = baselineJar == null ? Map.of()
                    : measure(base, baselineJar, "baseline (" + baselineJar + ")", false, Map.of());
            measure(base, self, "this build (" + self.getFileName() + ")", true, baseline);
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

    /** The goal of each route, from issue 16: p95 for one reader, and for 50 readers. */
    private static double goal(String route) {
        return route.contains("/summary") ? 50 : 100;
    }

    /**
     * Starts the API of {@code jar} on the history, feeds it a fleet and times every route; with
     * {@code full}, also the conditional request and the concurrent readers.
     *
     * @return the one-reader figures by route
     */
    private Map<String, Stats> measure(Path base, Path jar, String label, boolean full, Map<String, Stats> baseline)
            throws Exception {
        System.out.printf("%n== %s%n", label);
        Map<String, Stats> figures = new LinkedHashMap<>();
        try (ApiProcess api = ApiProcess.start(jar, base)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<String> tokens = fleet(http, api.url);
            List<String> routes = new ArrayList<>(PAGES);
            PERIODS.forEach(p -> routes.add("/api/v1/checks/check-0/summary?period=" + p));
            System.out.printf("one reader: %d checks, %s; %d timed requests per route after %d untimed, one at a time"
                    + " (goal: p95 <= 100 ms for pages, <= 50 ms for summaries)%n", checks,
                    String.join(", ", IngestBenchmark.REGIONS), requests, warmup);
            for (String route : routes) {
                for (int i = 0; i < warmup; i++) {
                    get(http, api.url + route, false);
                }
            }
            for (String route : routes) {
                List<Double> times = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < requests; i++) {
                    long t0 = System.nanoTime();
                    bytes = get(http, api.url + route, false).body().length;
                    times.add((System.nanoTime() - t0) / 1e6);
                }
                int gzip = get(http, api.url + route, true).body().length;
                Stats s = Stats.of(times);
                figures.put(route, s);
                Stats before = baseline.get(route);
                System.out.printf(Locale.ROOT, "  GET %-42s median %7.1f ms  p95 %7.1f ms  (min %.1f, max %.1f, n=%d);"
                        + " %,d bytes, %,d gzip; goal p95 <= %.0f ms: %s%s%n", route, s.median(), s.p95(), s.min(),
                        s.max(), s.n(), bytes, gzip, goal(route), s.p95() <= goal(route) ? "met" : "MISSED",
                        before == null ? "" : String.format(Locale.ROOT, " (baseline median %.1f ms, p95 %.1f ms)",
                                before.median(), before.p95()));
            }
            if (full) {
                conditional(http, api.url);
                concurrent(http, api.url, tokens);
            }
        }
        return figures;
    }

    /** Whether a second request with the first's ETag gets 304, and how long that takes. */
    private void conditional(HttpClient http, String url) throws Exception {
        for (String route : PAGES) {
            HttpResponse<byte[]> first = get(http, url + route, false);
            String etag = first.headers().firstValue("ETag").orElse(null);
            if (etag == null) {
                System.out.printf("  GET %s has no ETag%n", route);
                continue;
            }
            long t0 = System.nanoTime();
            HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(URI.create(url + route))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            System.out.printf(Locale.ROOT, "  GET %-16s with If-None-Match: %d in %.1f ms (%s)%n", route,
                    again.statusCode(), (System.nanoTime() - t0) / 1e6, again.statusCode() == 304
                            ? "unchanged" : "changed meanwhile (a heartbeat, a result, the clock)");
        }
    }

    /**
     * {@code readers} concurrent connections with wrk for {@code seconds} per route, asking for gzip
     * as browsers do, while every probe heartbeats and posts one result per check every second.
     */
    private void concurrent(HttpClient http, String url, List<String> tokens) throws Exception {
        Path wrk = Stream.of("/usr/bin/wrk", "/usr/local/bin/wrk").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (wrk == null) {
            System.out.printf("%n%d readers: SKIPPED, wrk is not installed (Debian: apt-get install wrk)%n", readers);
            return;
        }
        Path script = Files.createTempFile("glassprobe-bench-wrk", ".lua");
        Files.writeString(script, """
                done = function(summary, latency, requests)
                  io.write(string.format("GLASSPROBE %d %d %d %d %d %d %d %d %.3f %.3f %.3f\\n",
                    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
                    summary.errors.write, summary.errors.status, summary.errors.timeout, summary.bytes,
                    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency.max / 1000))
                end
                """);
        AtomicBoolean posting = new AtomicBoolean(true);
        AtomicLong posted = new AtomicLong();
        Thread poster = new Thread(() -> {
            Random random = new Random(11);
            while (posting.get()) {
                try {
                    for (int p = 0; p < tokens.size(); p++) {
                        IngestBenchmark.send(http, "POST", url + "/api/v1/probe/heartbeat", tokens.get(p),
                                "{\"version\":\"0.1.0\",\"startedAt\":\"" + Instant.now() + "\"}", "application/json");
                        IngestBenchmark.send(http, "POST", url + "/api/v1/probe/results", tokens.get(p),
                                batch(Instant.now().minusMillis(200), random), "application/json");
                        posted.addAndGet(checks);
                    }
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.out.println("  the probe thread's post failed: " + e.getMessage());
                }
            }
        }, "bench-probes");
        poster.start();
        System.out.printf("%n%d readers with %s for %d s per route (gzip, as a browser asks), while %d probes"
                + " heartbeat and post %d results each every second (goal: p95 <= 250 ms for pages):%n", readers, wrk,
                seconds, tokens.size(), checks);
        try {
            for (String route : PAGES) {
                long before = posted.get();
                Process p = new ProcessBuilder(wrk.toString(), "-t2", "-c" + readers, "-d" + seconds + "s",
                        "--timeout", "10s", "-H", "Accept-Encoding: gzip", "-s", script.toString(), url + route)
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("wrk did not end");
                }
                Matcher m = Pattern.compile("GLASSPROBE (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)"
                        + " ([\\d.]+) ([\\d.]+) ([\\d.]+)").matcher(out);
                if (!m.find()) {
                    System.out.println("  wrk said: " + out);
                    continue;
                }
                long n = Long.parseLong(m.group(1));
                double secs = Long.parseLong(m.group(2)) / 1e6;
                long errors = 0;
                for (int g = 3; g <= 7; g++) {
                    errors += Long.parseLong(m.group(g));
                }
                double p95 = Double.parseDouble(m.group(10));
                System.out.printf(Locale.ROOT, "  GET %-16s %,8.1f requests/s  median %7.1f ms  p95 %7.1f ms  max %7.1f"
                        + " ms  (%,d requests, %d errors; %,d results posted meanwhile); goal p95 <= 250 ms: %s%n",
                        route, n / secs, Double.parseDouble(m.group(9)), p95, Double.parseDouble(m.group(11)), n,
                        errors, posted.get() - before, p95 <= 250 && errors == 0 ? "met" : "MISSED");
            }
        } finally {
            posting.set(false);
            poster.interrupt();
            poster.join(10_000);
            Files.deleteIfExists(script);
        }
    }

    /** Three probes, one per region, each heartbeating once and posting one fresh result per check. */
    private List<String> fleet(HttpClient http, String url) throws Exception {
        Random random = new Random(7);
        List<String> tokens = new ArrayList<>();
        for (String region : IngestBenchmark.REGIONS) {
            String name = "page-" + region;
            String answer;
            try {
                answer = IngestBenchmark.send(http, "POST", url + "/api/v1/probes", IngestBenchmark.ADMIN,
                        "{\"name\":\"" + name + "\",\"region\":\"" + region + "\"}", "application/json");
            } catch (IOException enrolledAlready) {
                answer = IngestBenchmark.send(http, "POST", url + "/api/v1/probes/" + name + "/token",
                        IngestBenchmark.ADMIN, null, null);
            }
            String token = answer.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            tokens.add(token);
            IngestBenchmark.send(http, "POST", url + "/api/v1/probe/heartbeat", token,
                    "{\"version\":\"0.1.0\",\"startedAt\":\"" + Instant.now() + "\"}", "application/json");
            IngestBenchmark.send(http, "POST", url + "/api/v1/probe/results", token,
                    batch(Instant.now().minusSeconds(5), random), "application/json");
        }
        return tokens;
    }

    /** One passed result per check, started at the given time. */
    private String batch(Instant at, Random random) {
        StringBuilder batch = new StringBuilder("{\"results\":[");
        for (int k = 0; k < checks; k++) {
            CheckResult r = IngestBenchmark.result(UUID.randomUUID(), "check-" + k, at, true, random);
            batch.append(k == 0 ? "" : ",").append(ResultJson.toJson(r));
        }
        return batch.append("]}").toString();
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
                    + body.substring(0, Math.min(300, body.length())));
        }
        return r;
    }

    /**
     * The API of a jar, in its own process on the history's data folder, with the default roll-up
     * interval (30 s) and the JVM options of the system property {@code glassprobe.bench.api-jvm-options}
     * (a profiler's, say); its output goes to a log file in the folder. Stopped with SIGTERM (its shutdown
     * hook closes the database), killed if it has not ended within a minute.
     */
    private static final class ApiProcess implements AutoCloseable {
        final Process process;
        final String url;

        private ApiProcess(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static ApiProcess start(Path jar, Path base) throws Exception {
            Path log = base.resolve("api-" + jar.getFileName() + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            String options = System.getProperty("glassprobe.bench.api-jvm-options", "").strip(); // e.g. a JFR recording
            if (!options.isEmpty()) {
                command.addAll(List.of(options.split("\\s+")));
            }
            command.addAll(List.of("-cp", jar.toAbsolutePath().toString(), "org.glassprobe.api.Main"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(Map.of("GLASSPROBE_DATA_DIR", base.toAbsolutePath().toString(),
                    "GLASSPROBE_API_PORT", "0", "GLASSPROBE_API_HOST", "127.0.0.1", "GLASSPROBE_ADMIN_TOKEN",
                    IngestBenchmark.ADMIN, "GLASSPROBE_RETENTION_EVERY", "1d"));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process process = pb.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos(); // a first start migrates
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            Thread timeout = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
                    process.destroyForcibly();
                } catch (InterruptedException stopped) {
                    // started in time
                }
            });
            timeout.setDaemon(true);
            timeout.start();
            String line;
            long t0 = System.nanoTime();
            while ((line = out.readLine()) != null) {
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
                if (m.find()) {
                    timeout.interrupt();
                    System.out.printf("API started in %.1f s (log: %s)%n", (System.nanoTime() - t0) / 1e9, log);
                    Thread drain = new Thread(() -> {
                        try {
                            out.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new ApiProcess(process, m.group(1));
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the API of " + jar + " did not start; see " + log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
