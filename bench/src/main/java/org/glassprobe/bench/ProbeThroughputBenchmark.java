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

    @Option(names = "--root", defaultValue = ".", description = "The repository (default: the working directory).")
    Path root;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public Integer call() throws Exception {
        Path repo = root.toAbsolutePath().normalize();
        int base = 18700;
        LocalNetwork.Options options = new LocalNetwork.Options(repo, repo.resolve("bench/target/probe-bench-run"), base,
                List.of("eu-west"), null, true, false,
                Map.of("GLASSPROBE_CHECKS_MAX_CHECKS", "20000", "GLASSPROBE_ROLLUP_EVERY", "10s"),
                List.of("--workers", Integer.toString(workers), "--pull-interval", "2s"));
        System.out.println("probe throughput: one probe agent (--workers " + workers + "), HTTP pings every second on"
                + " fresh connections to the demo site; " + window + " s measured per level; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores");
        try (LocalNetwork network = LocalNetwork.start(options, System.out)) {
            String target = network.demoUrl() + "/health";
            ceiling(target);
            int pushed = 0;
            double sustained = 0;
            System.out.printf("%-8s %-10s %-10s %-12s %-12s %-12s %-10s %-8s%n", "level", "checks/s", "missed",
                    "lateness p50", "lateness p99", "CPU ms/check", "PSS MiB", "spool");
            boolean warm = false;
            for (int level : levels) {
                for (; pushed < level; pushed++) {
                    push(network, String.format("load-%05d", pushed));
                }
                Thread.sleep(8000);
                if (!warm) {
                    warmUp(network);
                    warm = true;
                }
                Sample start = sample(network);
                Thread.sleep(window * 1000L);
                Sample end = sample(network);
                double missed = end.missed - start.missed;
                System.out.printf(Locale.ROOT, "%-8d %-10.0f %-10.0f %-12s %-12s %-12.3f %-10.0f %-8.0f%n", level,
                        start.checksPerSecondUntil(end), missed, ms(end.p50), ms(end.p99),
                        start.cpuMsPerCheckUntil(end), pssMiB(network.probe("eu-west").pid()), end.spool);
                if (end.p99 > 1.0 || missed > 0) {
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

    /** A bare OkHttp loop: as many GETs as 16 threads can make on fresh connections in 10 s. */
    private void ceiling(String url) throws InterruptedException {
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
        System.out.printf(Locale.ROOT, "ceiling: bare OkHttp loop, 16 threads, fresh connections: %.0f requests/s,"
                + " %.3f ms CPU per request%n", done.get() / seconds, cpuMs / done.get());
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

    private record Sample(long nanos, double runs, double missed, double p50, double p99, long cpuTicks, double spool) {
        double checksPerSecondUntil(Sample end) {
            return (end.runs - runs) / ((end.nanos - nanos) / 1e9);
        }

        /** The probe's CPU (a clock tick is 10 ms) per check run between the two samples. */
        double cpuMsPerCheckUntil(Sample end) {
            double done = end.runs - runs;
            return done == 0 ? 0 : (end.cpuTicks - cpuTicks) * 10.0 / done;
        }
    }

    private static Sample sample(LocalNetwork network) throws IOException, InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(network.probeLocalUrl("eu-west") + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new Sample(System.nanoTime(), sum(metrics, "glassprobe_probe_runs_total"),
                sum(metrics, "glassprobe_probe_missed_runs_total"),
                value(metrics, "glassprobe_probe_lateness_p50_seconds"),
                value(metrics, "glassprobe_probe_lateness_p99_seconds"),
                cpuTicks(network.probe("eu-west").pid()), value(metrics, "glassprobe_probe_spool_pending"));
    }

    private static double sum(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*} (\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** utime + stime of a process, in clock ticks (10 ms on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
