package org.glassprobe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.glassprobe.local.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many HTTP checks per second one probe sustains: the real API, the demo site and one probe
 * agent, each its own process; checks (pings every second, fresh connections) are added step by
 * step until the probe's lateness p99 exceeds 1 s or it misses runs. The first level runs
 * unmeasured for a while first: a fresh JVM spends most of its CPU compiling for its first minute. Next to it, in the same
 * run, the ceiling: a bare OkHttp loop making the same requests on fresh connections.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Checks per second one probe sustains, its CPU per check and memory, vs a bare OkHttp loop.")
final class ProbeThroughputBenchmark implements Callable<Integer> {
    @Option(names = "--levels", split = ",", defaultValue = "100,250,500,1000,1500,2000,2500,3000,4000",
            description = "Checks per second to try, in order (default ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--window", defaultValue = "15", description = "Seconds measured at each level (default 15).")
    int window;

    @Option(names = "--warmup", defaultValue = "90",
            description = "Seconds the probe runs the first level before anything is measured, so that the JIT has"
                    + " compiled its hot paths: until then its compiler threads take half its CPU (default 90).")
    int warmup;

    @Option(names = "--workers", defaultValue = "32", description = "The probe's --workers (default 32).")
    int workers;

    @Option(names = "--probe-java", description = "The probe's JVM options, space-separated, written as"
            + " --probe-java=\"-Xmx512m ...\" (default: those docs/probe.md recommends, as deploy/local starts"
            + " probes), to compare others in the same run.")
    String probeJava;

    @Option(names = "--root", defaultValue = ".", description = "The repository (default: the working directory).")
    Path root;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Issue 16's goals for a probe without a browser, at every level up to 1,000 checks/s. */
    static final double GOAL_P99_MS = 20;
    static final double GOAL_CPU_MS = 0.5;
    static final double GOAL_PSS_MIB = 150;
    private static final String LATENESS = "glassprobe_probe_lateness_seconds_bucket";

    @Override
    public Integer call() throws Exception {
        Path repo = root.toAbsolutePath().normalize();
        int base = 18700;
        LocalNetwork.Options options = new LocalNetwork.Options(repo, repo.resolve("bench/target/probe-bench-run"), base,
                List.of("eu-west"), null, true, false,
                Map.of("GLASSPROBE_CHECKS_MAX_CHECKS", "20000", "GLASSPROBE_ROLLUP_EVERY", "10s"),
                List.of("--workers", Integer.toString(workers), "--pull-interval", "2s"),
                probeJava == null ? LocalNetwork.PROBE_JAVA_OPTIONS : List.of(probeJava.trim().split("\\s+")));
        System.out.println("probe throughput: one probe agent (--workers " + workers + "), HTTP pings every second on"
                + " fresh connections to the demo site; " + window + " s measured per level; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores; the probe's JVM options: "
                + String.join(" ", options.probeJava()));
        try (LocalNetwork network = LocalNetwork.start(options, System.out)) {
            String target = network.demoUrl() + "/health";
            double bareCpuMs = ceiling(target);
            int pushed = 0;
            double sustained = 0;
            boolean warm = false;
            for (int level : levels) {
                for (; pushed < level; pushed++) {
                    push(network, String.format("load-%05d", pushed));
                }
                Thread.sleep(8000);
                if (!warm) {
                    warmUp(network);
                    warm = true;
                    System.out.printf(Locale.ROOT, "goals: missed = 0, lateness p99 <= %.0f ms, CPU <= %.1f ms per"
                            + " check, PSS <= %.0f MiB; lateness over the measured window only%n", GOAL_P99_MS,
                            GOAL_CPU_MS, GOAL_PSS_MIB);
                    System.out.printf("%-6s %-9s %-10s %-12s %-19s %-21s %-9s %-15s %-8s%n", "level", "checks/s",
                            "missed", "lateness p50", "lateness p99", "CPU ms/check", "x bare", "PSS MiB", "spool");
                }
                Sample start = sample(network);
                Thread.sleep(window * 1000L);
                Sample end = sample(network);
                double missed = end.missed - start.missed;
                double p99 = start.latenessUntil(end, 0.99);
                double cpu = start.cpuMsPerCheckUntil(end);
                double pss = pssMiB(network.probe("eu-west").pid());
                System.out.printf(Locale.ROOT, "%-6d %-9.0f %-10s %-12s %-19s %-21s %-9.2f %-15s %-8.0f%n", level,
                        start.checksPerSecondUntil(end), String.format(Locale.ROOT, "%.0f %s", missed,
                                verdict(missed == 0)),
                        ms(start.latenessUntil(end, 0.50)),
                        ms(p99) + " " + verdict(p99 * 1000 <= GOAL_P99_MS),
                        String.format(Locale.ROOT, "%.3f %s", cpu, verdict(cpu <= GOAL_CPU_MS)), cpu / bareCpuMs,
                        String.format(Locale.ROOT, "%.0f %s", pss, verdict(pss <= GOAL_PSS_MIB)), end.spool);
                if (p99 > 1.0 || missed > 0) {
                    System.out.println("stopped: " + (missed > 0 ? missed + " runs missed" : "lateness p99 over 1 s"));
                    break;
                }
                sustained = start.checksPerSecondUntil(end);
            }
            System.out.printf(Locale.ROOT, "sustained without misses and with lateness p99 <= 1 s: %.0f checks/s%n",
                    sustained);
        }
        return 0;
    }

    private static String verdict(boolean met) {
        return met ? "(ok)" : "(OVER)";
    }

    /** Runs the first level unmeasured for --warmup seconds, printing the probe's CPU as it settles. */
    private void warmUp(LocalNetwork network) throws IOException, InterruptedException {
        long pid = network.probe("eu-west").pid();
        int rounds = Math.max(1, warmup / 15);
        for (int i = 0; i < rounds; i++) {
            Sample start = sample(network);
            Thread.sleep(warmup * 1000L / rounds);
            Sample end = sample(network);
            System.out.printf(Locale.ROOT, "warm-up %d/%d: %.0f checks/s, %.3f ms CPU per check%n", i + 1, rounds,
                    start.checksPerSecondUntil(end), start.cpuMsPerCheckUntil(end));
        }
        System.out.println("probe pid " + pid + " warm; measuring");
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
    }

    /**
     * The baseline, in the same run: a bare OkHttp loop, as many GETs as 16 threads can make on
     * fresh connections in 10 s; returns its CPU per request in ms.
     */
    private double ceiling(String url) throws InterruptedException {
        OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS)).build();
        AtomicLong done = new AtomicLong();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 2000; i++) { // warm-up, as the probe is warm
            get(client, url);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int t = 0; t < 16; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline) {
                    if (get(client, url)) {
                        done.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        System.out.printf(Locale.ROOT, "baseline: bare OkHttp loop, 16 threads, fresh connections: %.0f requests/s,"
                + " %.3f ms CPU per request%n", done.get() / seconds, cpuMs / done.get());
        return cpuMs / done.get();
    }

    private static boolean get(OkHttpClient client, String url) {
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            r.body().bytes();
            return r.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void push(LocalNetwork network, String name) throws IOException, InterruptedException {
        String text = "name: " + name + "\nkind: ping\ninterval: 1s\ntimeout: 900ms\nretries: 0\n"
                + "variables: {target: ~}\nhttp: {url: \"${target}/health\"}\n"
                + "expect: [\"[STATUS] == 200\"]\n";
        network.admin().putCheck(name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /**
     * @param lateness the probe's lateness histogram: cumulative run counts by upper bound (s)
     */
    private record Sample(long nanos, double runs, double missed, TreeMap<Double, Double> lateness, long cpuTicks,
            double spool) {
        double checksPerSecondUntil(Sample end) {
            return (end.runs - runs) / ((end.nanos - nanos) / 1e9);
        }

        /** The probe's CPU (a clock tick is 10 ms) per check run between the two samples. */
        double cpuMsPerCheckUntil(Sample end) {
            double done = end.runs - runs;
            return done == 0 ? 0 : (end.cpuTicks - cpuTicks) * 10.0 / done;
        }

        /**
         * The q-quantile of the lateness of the runs between the two samples, in seconds,
         * interpolated within its bucket as Prometheus' histogram_quantile does (beyond the last
         * bound: that bound).
         */
        double latenessUntil(Sample end, double q) {
            double total = end.lateness.lastEntry().getValue() - lateness.lastEntry().getValue();
            if (total <= 0) {
                return 0;
            }
            double rank = q * total;
            double lowerBound = 0;
            double lowerCount = 0;
            for (var bucket : end.lateness.entrySet()) {
                double count = bucket.getValue() - lateness.getOrDefault(bucket.getKey(), 0.0);
                if (count >= rank) {
                    if (bucket.getKey().isInfinite()) {
                        return lowerBound;
                    }
                    return lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / (count - lowerCount);
                }
                lowerBound = bucket.getKey();
                lowerCount = count;
            }
            return lowerBound;
        }
    }

    private static Sample sample(LocalNetwork network) throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(network.probeLocalUrl("eu-west") + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new Sample(System.nanoTime(), sum(metrics, "glassprobe_probe_runs_total"),
                sum(metrics, "glassprobe_probe_missed_runs_total"), buckets(metrics),
                CpuUse.ticksOf(network.probe("eu-west").pid()), value(metrics, "glassprobe_probe_spool_pending"));
    }

    private static double sum(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} (\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static TreeMap<Double, Double> buckets(String metrics) {
        Matcher m = Pattern.compile("(?m)^" + LATENESS + "\\{le=\"([^\"]+)\"} (\\S+)$").matcher(metrics);
        TreeMap<Double, Double> counts = new TreeMap<>();
        while (m.find()) {
            counts.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)));
        }
        if (counts.isEmpty()) {
            throw new IllegalStateException("the probe's /metrics has no " + LATENESS);
        }
        return counts;
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Proportional set size of a process, in MiB. */
    static double pssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
