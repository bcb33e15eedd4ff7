package org.glassprobe.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.glassprobe.api.Main;
import org.glassprobe.api.RunningApi;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.config.ConfigLoader;
import org.glassprobe.api.rollup.Bucket;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Sample;
import org.glassprobe.api.store.Database;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Results API throughput and query time. (1) Ingestion: batches of 100 results over HTTP from
 * several client threads into the API (in this JVM, on an H2 file), next to a plain JDBC batch
 * insert of the same rows into a fresh H2 file with the same schema (the ceiling), in the same
 * run, medians over rounds. (2) The 90-day summary of one check with N stored results, generated
 * straight into the tables as 90 days of the API would have left them.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingestion throughput over HTTP vs a plain JDBC batch insert, and the time of a 90-day summary"
                + " with many stored results.")
final class IngestBenchmark implements Callable<Integer> {
    static final String ADMIN = "bench-admin-token-000000000000";
    static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};

    @Option(names = "--threads", defaultValue = "4", description = "Client threads posting batches (default 4).")
    int threads;

    @Option(names = "--batches", defaultValue = "200",
            description = "Batches of 100 results per round, over all threads (default 200: 20,000 results).")
    int batches;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds of each (default 3), after one warm-up.")
    int rounds;

    @Option(names = "--stored", defaultValue = "10000000",
            description = "Results the summary runs over (default 10,000,000; 0 skips the summary part).")
    long stored;

    @Option(names = "--checks", defaultValue = "20", description = "Checks the stored results are spread over (default 20).")
    int checks;

    @Option(names = "--summaries", defaultValue = "10", description = "Timed summary requests per period (default 10).")
    int summaries;

    @Option(names = "--dir", description = "Where the H2 files go (default: a new temporary folder, deleted after).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || threads > 64 || batches < threads || rounds < 1 || checks < 1 || stored < 0) {
            System.err.println("--threads 1..64, --batches >= --threads, --rounds >= 1, --checks >= 1, --stored >= 0");
            return 2;
        }
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("glassprobe-bench-ingest") : dir;
        try {
            ingestion(base);
            if (stored > 0) {
                summary(base.resolve("summary"));
            }
        } finally {
            if (temporary) {
                deleteTree(base);
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- ingestion

    private void ingestion(Path base) throws Exception {
        System.out.printf("ingestion: %d batches of 100 results per round from %d client threads, %d rounds after a"
                + " warm-up, API and JDBC rounds taking turns; H2 file databases under %s%n", batches, threads, rounds,
                base);
        List<Double> api = new ArrayList<>();
        List<Double> written = new ArrayList<>();
        List<Double> jdbc = new ArrayList<>();
        try (RunningApi running = startApi(base.resolve("api"), Map.of());
             Database each = Database.open(new ApiConfig.Database("jdbc:h2:file:" + base.resolve("written/glassprobe")
                     .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", threads + 2), base.resolve("written"));
             Database ceiling = Database.open(new ApiConfig.Database("jdbc:h2:file:" + base.resolve("jdbc/glassprobe")
                     .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", threads + 2), base.resolve("jdbc"))) {
            // the ceiling is H2 as it comes: commits written in the background (WRITE_DELAY 500), writers at once
            try (Connection c = ceiling.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("SET WRITE_DELAY 500");
            }
            String url = "http://127.0.0.1:" + running.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            send(http, "PUT", url + "/api/v1/checks/bench", ADMIN, "name: bench\nkind: ping\ninterval: 30s\ntimeout: 5s\n"
                    + "http: {url: \"http://127.0.0.1:1/health\"}\n", "application/yaml");
            List<String> tokens = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String body = send(http, "POST", url + "/api/v1/probes", ADMIN, "{\"name\":\"bench-" + t
                        + "\",\"region\":\"" + REGIONS[t % REGIONS.length] + "\"}", "application/json");
                tokens.add(body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1"));
            }
            for (int round = 0; round <= rounds; round++) {
                double viaApi = postAll(http, url, tokens, batches(round));
                double viaWritten = insertAll(each, batches(round + 2000));
                double viaJdbc = insertAll(ceiling, batches(round + 1000));
                if (round > 0) {
                    api.add(viaApi);
                    written.add(viaWritten);
                    jdbc.add(viaJdbc);
                }
                System.out.printf("  round %d%s: API over HTTP %,.0f results/s; plain JDBC, each commit written %,.0f"
                        + " results/s; plain JDBC, H2's defaults %,.0f results/s%n", round, round == 0 ? " (warm-up)" : "",
                        viaApi, viaWritten, viaJdbc);
            }
            System.out.printf("  H2 files after %,d results each: API %s (journal %s); each commit written %s; H2's"
                    + " defaults %s%n", (rounds + 1) * batches * 100, mib(base.resolve("api/glassprobe.mv.db")),
                    mib(base.resolve("api/journal")), mib(base.resolve("written/glassprobe.mv.db")),
                    mib(base.resolve("jdbc/glassprobe.mv.db")));
        }
        double a = median(api);
        double w = median(written);
        double j = median(jdbc);
        System.out.printf("ingestion, median of %d rounds: API over HTTP %,.0f results/s (every answer kept through a"
                + " SIGKILL); plain JDBC with each commit written (WRITE_DELAY 0) %,.0f results/s; plain JDBC on H2's"
                + " defaults (WRITE_DELAY 500, answers can be lost) %,.0f results/s; API/defaults %.2f, API/written"
                + " %.2f%n", rounds, a, w, j, a / j, a / w);
    }

    /** The size of a file, or of the files in a folder, in MiB. */
    private static String mib(Path path) throws IOException {
        long bytes = 0;
        if (Files.isDirectory(path)) {
            try (var files = Files.list(path)) {
                for (Path p : files.toList()) {
                    bytes += Files.size(p);
                }
            }
        } else if (Files.exists(path)) {
            bytes = Files.size(path);
        }
        return String.format("%,.1f MiB", bytes / 1048576.0);
    }

    /** This round's batches of 100 fresh results, spread over the threads. */
    private List<List<CheckResult>> batches(int round) {
        Random random = new Random(round);
        Instant now = Instant.now();
        List<List<CheckResult>> all = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<CheckResult> batch = new ArrayList<>(100);
            for (int i = 0; i < 100; i++) {
                batch.add(result(UUID.randomUUID(), "bench", now.minusMillis(random.nextInt(600_000)),
                        random.nextInt(100) >= 2, random));
            }
            all.add(batch);
        }
        return all;
    }

    private double postAll(HttpClient http, String url, List<String> tokens, List<List<CheckResult>> work)
            throws Exception {
        List<List<byte[]>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        for (int b = 0; b < work.size(); b++) {
            StringBuilder body = new StringBuilder("{\"results\":[");
            List<CheckResult> batch = work.get(b);
            for (int i = 0; i < batch.size(); i++) {
                body.append(i == 0 ? "" : ",").append(ResultJson.toJson(batch.get(i)));
            }
            perThread.get(b % threads).add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String token = tokens.get(t);
                List<byte[]> bodies = perThread.get(t);
                done.add(pool.submit(() -> {
                    int stored = 0;
                    for (byte[] body : bodies) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/probe/results"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IOException("ingestion answered " + r.statusCode() + ": " + r.body());
                        }
                        stored += Integer.parseInt(r.body().replaceAll(".*\"stored\":(\\d+).*", "$1"));
                    }
                    return stored;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (total != work.size() * 100) {
                throw new IllegalStateException("stored " + total + " of " + work.size() * 100);
            }
            return total / seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same rows the API writes, inserted with plain JDBC: one batch of 100 per transaction. */
    private double insertAll(Database db, List<List<CheckResult>> work) throws Exception {
        List<List<String>> bodies = work.stream().map(b -> b.stream().map(ResultJson::toJson).toList()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    try (Connection c = db.dataSource().getConnection()) {
                        c.setAutoCommit(false);
                        for (int b = thread; b < work.size(); b += threads) {
                            insertRows(c, work.get(b), bodies.get(b), thread, REGIONS[thread % REGIONS.length], true);
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return work.size() * 100 / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void insertRows(Connection c, List<CheckResult> rows, List<String> bodies, long probeId, String region,
            boolean pending) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO results (id, check_name, probe_id, probe_name, region,"
                + " started_at, received_at, ok, attempt, duration_ms, resolve_ms, connect_ms, tls_ms, processing_ms,"
                + " transfer_ms, error_kind, error_message, rolled_up, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < rows.size(); i++) {
                CheckResult r = rows.get(i);
                Phases p = r.steps().get(0).phases();
                s.setObject(1, r.id());
                s.setString(2, r.check());
                s.setLong(3, probeId);
                s.setString(4, "bench-" + probeId);
                s.setString(5, region);
                s.setLong(6, r.startedAt().toEpochMilli());
                s.setLong(7, now);
                s.setBoolean(8, r.ok());
                s.setInt(9, r.attempt());
                s.setDouble(10, r.durationMs());
                s.setDouble(11, p.resolve());
                s.setDouble(12, p.connect());
                s.setDouble(13, p.tls());
                s.setDouble(14, p.processing());
                s.setDouble(15, p.transfer());
                s.setString(16, r.error() == null ? null : r.error().kind().wireName());
                s.setString(17, r.error() == null ? null : r.error().message());
                s.setBoolean(18, !pending);
                s.setString(19, bodies.get(i));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static CheckResult result(UUID id, String check, Instant startedAt, boolean ok, Random random) {
        Phases phases = phases(random);
        double total = phases.sum();
        StepResult step = new StepResult("http", "http", ok, total, new StepResult.Request("GET",
                "http://127.0.0.1:8081/health"), ok ? 200 : 503, phases, List.of(new ConditionResult("[STATUS] == 200",
                ok, ok ? "200" : "503", "200", false)), Map.of(), null, Map.of(), List.of(),
                ok ? null : new RunError(ErrorKind.STATUS, null, "status 503, expected 200"));
        return new CheckResult(id, check, "ping", startedAt, total, ok, 1, List.of(step),
                ok ? null : new RunError(ErrorKind.STATUS, "http", "status 503, expected 200"), List.of());
    }

    private static Phases phases(Random random) {
        return new Phases(0, round(0.3 * Math.exp(0.4 * random.nextGaussian())), 0,
                round(8 * Math.exp(0.6 * random.nextGaussian())), round(0.2 * Math.exp(0.3 * random.nextGaussian())));
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    // ---------------------------------------------------------------- summary over many results

    /** Generates 90 days of history ({@link #generateHistory}), then times the summary route. */
    private void summary(Path base) throws Exception {
        generateHistory(base, stored, checks);

        try (RunningApi running = startApi(base, Map.of("GLASSPROBE_DATA_DIR", base.toString()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String url = "http://127.0.0.1:" + running.port() + "/api/v1/checks/check-0/summary?period=";
            for (String period : List.of("24h", "7d", "30d", "90d")) {
                for (int i = 0; i < 3; i++) {
                    send(http, "GET", url + period, null, null, null); // warm-up: the page cache, the JIT
                }
                List<Double> times = new ArrayList<>();
                String body = "";
                for (int i = 0; i < summaries; i++) {
                    long t0 = System.nanoTime();
                    body = send(http, "GET", url + period, null, null, null);
                    times.add((System.nanoTime() - t0) / 1e6);
                }
                String runs = body.replaceAll(".*?\"overall\":\\{\"runs\":(\\d+).*", "$1");
                String sources = body.replaceAll(".*\"sources\":(\\{[^}]*}).*", "$1");
                System.out.printf("  summary of one check, %-3s: median %.1f ms (n=%d, max %.1f) over %s runs; %s%n",
                        period, median(times), times.size(), times.stream().max(Comparator.naturalOrder()).orElseThrow(),
                        runs, sources);
            }
        }
    }

    /** What {@link #generateHistory} wrote: row counts, and the end of the generated history (epoch ms). */
    record History(long hourRows, long minuteRows, long rawRows, long endMs) {}

    /**
     * Fills the tables as 90 days of the API with the default retention would have left them, for
     * {@code checks} checks named check-0, check-1, … in three regions: every result in the hour
     * and day roll-ups, the last 30 days also in minute roll-ups, the last 7 days also as raw rows (rolled
     * up). Each result's latencies are drawn and added to the histograms of its buckets (no
     * averages); rows go in with JDBC batches. The history ends at the current minute.
     */
    static History generateHistory(Path base, long stored, int checks) throws Exception {
        long perSeries = stored / ((long) checks * REGIONS.length);
        long spacing = Duration.ofDays(90).toMillis() / Math.max(1, perSeries);
        System.out.printf("%nhistory: %,d results (%d checks x %d regions, one every %.1f s per check and region) over"
                + " 90 days, generated straight into the tables%n", perSeries * checks * REGIONS.length, checks,
                REGIONS.length, spacing / 1000.0);
        long now = System.currentTimeMillis();
        long end = Math.floorDiv(now, 60_000) * 60_000;
        long start = end - Duration.ofDays(90).toMillis();
        long minuteFrom = end - Duration.ofDays(30).toMillis();
        long rawFrom = end - Duration.ofDays(7).toMillis();
        long generation = System.nanoTime();
        long rawRows = 0;
        long minuteRows = 0;
        long hourRows = 0;
        try (Database db = Database.open(new ApiConfig.Database("jdbc:h2:file:" + base.resolve("glassprobe")
                .toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4), base);
             Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement check = c.prepareStatement("INSERT INTO checks (name, kind, interval_ms, timeout_ms,"
                    + " retries, regions, source_file, source_text, version, created_at, updated_at)"
                    + " VALUES (?, 'ping', 60000, 5000, 1, '', ?, ?, ?, ?, ?)")) {
                for (int k = 0; k < checks; k++) {
                    String name = "check-" + k;
                    check.setString(1, name);
                    check.setString(2, name + ".yaml");
                    check.setString(3, "name: " + name + "\nkind: ping\nhttp: {url: \"http://127.0.0.1:1/\"}\n");
                    check.setString(4, "v" + k);
                    check.setLong(5, now);
                    check.setLong(6, now);
                    check.addBatch();
                }
                check.executeBatch();
            }
            c.commit();
            PreparedStatement hour = rollupInsert(c, "rollup_hour");
            PreparedStatement minute = rollupInsert(c, "rollup_minute");
            PreparedStatement daily = rollupInsert(c, "rollup_day");
            Random random = new Random(1);
            for (int k = 0; k < checks; k++) {
                String name = "check-" + k;
                for (int r = 0; r < REGIONS.length; r++) {
                    String region = REGIONS[r];
                    Map<Long, Bucket> hours = new HashMap<>();
                    Map<Long, Bucket> minutes = new HashMap<>();
                    Map<Long, Bucket> days = new HashMap<>();
                    List<CheckResult> raw = new ArrayList<>();
                    long offset = random.nextInt((int) Math.max(1, spacing));
                    for (long t = start + offset; t < end; t += spacing) {
                        boolean ok = random.nextInt(1000) >= 3;
                        Phases p = phases(random);
                        double[] latencies = {p.sum(), p.resolve(), p.connect(), p.tls(), p.processing(), p.transfer()};
                        Sample sample = new Sample(name, region, t, ok, latencies, ok ? null : "status");
                        hours.computeIfAbsent(Math.floorDiv(t, 3_600_000L) * 3_600_000L, h -> new Bucket()).add(sample);
                        days.computeIfAbsent(Math.floorDiv(t, 86_400_000L) * 86_400_000L, d -> new Bucket()).add(sample);
                        if (t >= minuteFrom) {
                            minutes.computeIfAbsent(Math.floorDiv(t, 60_000L) * 60_000L, m -> new Bucket()).add(sample);
                        }
                        if (t >= rawFrom) {
                            raw.add(result(UUID.randomUUID(), name, Instant.ofEpochMilli(t), ok, random));
                        }
                    }
                    hourRows += writeRollups(c, hour, name, region, hours);
                    minuteRows += writeRollups(c, minute, name, region, minutes);
                    writeRollups(c, daily, name, region, days);
                    for (int from = 0; from < raw.size(); from += 1000) {
                        List<CheckResult> chunk = raw.subList(from, Math.min(raw.size(), from + 1000));
                        insertRows(c, chunk, chunk.stream().map(ResultJson::toJson).toList(), r, region, false);
                        c.commit();
                    }
                    rawRows += raw.size();
                }
                System.out.printf("  check %d of %d generated%n", k + 1, checks);
            }
            hour.close();
            minute.close();
            daily.close();
        }
        System.out.printf("generated in %.0f s: %,d hour roll-up rows, %,d minute roll-up rows, %,d raw rows (the last 7"
                + " days; older raw results are gone, as retention would have left them); database %,d MiB%n",
                (System.nanoTime() - generation) / 1e9, hourRows, minuteRows, rawRows, size(base) >> 20);
        return new History(hourRows, minuteRows, rawRows, end);
    }

    private static PreparedStatement rollupInsert(Connection c, String table) throws Exception {
        return c.prepareStatement("INSERT INTO " + table + " (runs, failures, error_kinds, total_hist, resolve_hist,"
                + " connect_hist, tls_hist, processing_hist, transfer_hist, check_name, region, bucket_start)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    private static long writeRollups(Connection c, PreparedStatement s, String check, String region,
            Map<Long, Bucket> buckets) throws Exception {
        int n = 0;
        for (var e : buckets.entrySet()) {
            Bucket b = e.getValue();
            s.setLong(1, b.runs());
            s.setLong(2, b.failures());
            s.setString(3, b.encodedErrorKinds());
            for (Phase p : Phase.values()) {
                s.setString(4 + p.ordinal(), b.latency(p).encode());
            }
            s.setString(10, check);
            s.setString(11, region);
            s.setLong(12, e.getKey());
            s.addBatch();
            if (++n % 1000 == 0) {
                s.executeBatch();
                c.commit();
            }
        }
        s.executeBatch();
        c.commit();
        return n;
    }

    // ---------------------------------------------------------------- helpers

    static RunningApi startApi(Path data, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("GLASSPROBE_DATA_DIR", data.toString(),
                "GLASSPROBE_API_PORT", "0", "GLASSPROBE_API_HOST", "127.0.0.1", "GLASSPROBE_ADMIN_TOKEN", ADMIN,
                "GLASSPROBE_ROLLUP_EVERY", "1h", "GLASSPROBE_RETENTION_EVERY", "1d"));
        env.putAll(extra);
        ApiConfig config = new ConfigLoader().load(Optional.empty(), env);
        return Main.start(config, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    static String send(HttpClient http, String method, String url, String token, String body, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static double median(List<Double> values) {
        return Stats.of(values).median();
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
