package org.glassprobe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The browser round trip on a warm probe: glassprobe's runner with its browser lifecycle, next to
 * the same journey written as a plain Playwright-for-Java program. Each side runs in a JVM of its
 * own (so each process tree is measured alone), against the same demo site (a third process); runs
 * alternate between the two so both see the same machine. Prints the median and p95 of the run
 * time and the PSS of each process tree (JVM, Playwright driver, Chromium and its helpers).
 */
@Command(name = "browser", mixinStandardHelpOptions = true,
        description = "The browser image round trip through glassprobe vs a plain Playwright program: run time and"
                + " memory (PSS of the process tree).")
final class BrowserBenchmark implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "30", description = "Measured runs per side (default 30).")
    int runs;

    @Option(names = "--warmup", defaultValue = "5", description = "Unmeasured runs per side first (default 5).")
    int warmup;

    @Option(names = "--base-port", defaultValue = "18281",
            description = "The demo site listens on this port and the next (default 18281).")
    int basePort;

    @Option(names = "--demo-jar", defaultValue = "deploy/demo-site/target/glassprobe-demo-site.jar")
    Path demoJar;

    @Option(names = "--examples", defaultValue = "scenarios/examples",
            description = "Where image-roundtrip-browser.yaml and images/glassprobe.png are.")
    Path examples;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 1000 || warmup < 0 || warmup > 100) {
            System.err.println("--runs must be 1..1000 and --warmup 0..100");
            return 2;
        }
        if (!Files.isRegularFile(examples.resolve("image-roundtrip-browser.yaml"))) {
            System.err.println(examples.toAbsolutePath() + " has no image-roundtrip-browser.yaml; give --examples");
            return 2;
        }
        System.out.printf("browser round trip: %d runs per side after %d warm-up runs, alternating; demo site in its"
                + " own process; times are wall time of one run in its JVM, in ms%n", runs, warmup);
        try (DemoSiteProcess site = DemoSiteProcess.start(demoJar, basePort, basePort + 1);
             Worker glassprobe = Worker.start("glassprobe", site.baseUrl(), examples);
             Worker plain = Worker.start("plain", site.baseUrl(), examples)) {
            for (int i = 0; i < warmup; i++) {
                glassprobe.run();
                plain.run();
            }
            List<Double> g = new ArrayList<>();
            List<Double> reported = new ArrayList<>();
            List<Double> p = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                // Alternate which side goes first, so neither always runs right after the other.
                if (i % 2 == 0) {
                    double[] r = glassprobe.run();
                    g.add(r[0]);
                    reported.add(r[1]);
                    p.add(plain.run()[0]);
                } else {
                    p.add(plain.run()[0]);
                    double[] r = glassprobe.run();
                    g.add(r[0]);
                    reported.add(r[1]);
                }
            }
            Thread.sleep(1000); // let the last run's renderer exit on both sides before measuring
            Memory gm = Memory.of(glassprobe.pid());
            Memory pm = Memory.of(plain.pid());
            Stats gs = Stats.of(g);
            Stats ps = Stats.of(p);
            System.out.printf("%-18s %s%n", "glassprobe", gs);
            System.out.printf("%-18s %s   (glassprobe's reported duration, the sum of its steps)%n", "",
                    Stats.of(reported));
            System.out.printf("%-18s %s%n", "plain Playwright", ps);
            System.out.printf("%-18s median %+.1f ms (%+.1f %%), p95 %+.1f ms%n", "glassprobe overhead",
                    gs.median() - ps.median(), 100 * (gs.median() / ps.median() - 1), gs.p95() - ps.p95());
            System.out.printf("%-18s %s%n", "glassprobe PSS", gm);
            System.out.printf("%-18s %s%n", "plain PSS", pm);
            System.out.printf("%-18s %+.1f MiB%n", "PSS overhead", (gm.totalKb() - pm.totalKb()) / 1024.0);
        }
        return 0;
    }

    /** A side of the benchmark in its own JVM (see {@link BrowserJourneyWorker}). */
    private static final class Worker implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final PrintWriter in;
        private final long pid;
        private final String mode;

        private Worker(Process process, String mode) throws IOException {
            this.process = process;
            this.mode = mode;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                throw new IOException(mode + " worker did not start: " + ready);
            }
            this.pid = Long.parseLong(ready.substring("ready ".length()).trim());
        }

        static Worker start(String mode, String target, Path examples) throws Exception {
            Path jar = Path.of(BrowserBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Process p = new ProcessBuilder("java", "-cp", jar.toString(), BrowserJourneyWorker.class.getName(), mode,
                    target, examples.toAbsolutePath().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Worker(p, mode);
        }

        long pid() {
            return pid;
        }

        /** One run: its wall time and what glassprobe reported (NaN for the plain program). */
        double[] run() throws IOException {
            in.println("run");
            String answer = out.readLine();
            if (answer == null || !answer.startsWith("ok ")) {
                throw new IOException(mode + " run failed: " + answer);
            }
            String[] parts = answer.split(" ");
            return new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
        }

        @Override
        public void close() {
            in.println("quit");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** PSS of a process and its descendants, from /proc/PID/smaps_rollup, in kB. */
    record Memory(long jvmKb, long driverKb, long chromiumKb, int chromiumProcesses) {
        static Memory of(long pid) throws IOException {
            ProcessHandle root = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no process " + pid));
            long jvm = pss(pid);
            long driver = 0;
            long chromium = 0;
            int count = 0;
            for (ProcessHandle p : root.descendants().toList()) {
                String command = p.info().command().orElse("");
                long kb = pss(p.pid());
                if (command.contains("chromium")) {
                    chromium += kb;
                    count++;
                } else {
                    driver += kb;
                }
            }
            return new Memory(jvm, driver, chromium, count);
        }

        long totalKb() {
            return jvmKb + driverKb + chromiumKb;
        }

        private static long pss(long pid) {
            Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
            if (!Files.isReadable(rollup)) {
                return 0;
            }
            try (Stream<String> lines = Files.lines(rollup)) {
                return lines.filter(l -> l.startsWith("Pss:")).findFirst()
                        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
            } catch (IOException gone) {
                return 0; // a helper that ended between listing and reading
            }
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.1f MiB in all: JVM %.1f, Playwright driver %.1f,"
                    + " Chromium %.1f (%d processes)", totalKb() / 1024.0, jvmKb / 1024.0, driverKb / 1024.0,
                    chromiumKb / 1024.0, chromiumProcesses);
        }
    }
}
