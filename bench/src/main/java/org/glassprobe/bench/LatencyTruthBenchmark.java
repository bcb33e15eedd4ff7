package org.glassprobe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scenarios.tcp.TcpStepExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How truthful is the latency glassprobe reports? The demo site (a separate process) adds a known
 * delay; glassprobe and curl each request the same URL on fresh connections, interleaved; we print
 * the median and p95 of (reported total − injected delay) for both.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Reported latency minus injected delay, for glassprobe and for curl, on the demo site.")
final class LatencyTruthBenchmark implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "50", description = "Measured runs per delay and tool (default 50).")
    int runs;

    @Option(names = "--warmup", defaultValue = "1000",
            description = "Unmeasured runs of each tool first (default 1000: a probe runs all day, its JIT is warm).")
    int warmup;

    @Option(names = "--delays", split = ",", defaultValue = "0,50,200",
            description = "Injected delays in ms (default 0,50,200).")
    List<Integer> delays;

    @Option(names = "--base-port", defaultValue = "18181",
            description = "The demo site listens on this port and the next (default 18181).")
    int basePort;

    @Option(names = "--demo-jar", defaultValue = "deploy/demo-site/target/glassprobe-demo-site.jar")
    Path demoJar;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 10_000 || warmup < 0 || warmup > 10_000) {
            System.err.println("--runs must be 1..10000 and --warmup 0..10000");
            return 2;
        }
        Check check = CheckLanguage.standard().parser().parse(new Check.Source("latency.yaml", """
                name: latency-truth
                kind: ping
                timeout: 5s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                http: {url: "${target}/health"}
                expect: ["[STATUS] == 200"]
                """, "yaml"), FileResolver.none());
        Clock clock = Clock.systemUTC();
        StepExecutors executors = StepExecutors.of(List.of(
                new HttpStepExecutor(HttpStepExecutor.baseClient(), clock), new TcpStepExecutor()));
        System.out.printf("latency truth: %d runs per delay and tool after %d warm-up runs; fresh connections;"
                + " values are reported total − injected delay, in ms%n", runs, warmup);
        System.out.printf("%-9s %-12s %s%n", "delay", "tool", "reported − injected (ms)");
        try (DemoSiteProcess site = DemoSiteProcess.start(demoJar, basePort, basePort + 1);
             CheckRunner runner = new CheckRunner(executors, clock)) {
            RunOptions options = RunOptions.defaults().withVariables(Map.of("target", site.baseUrl()));
            String url = site.baseUrl() + "/health";
            for (int delay : delays) {
                if (delay == 0) {
                    site.fault("none", null);
                } else {
                    site.fault("slow", delay);
                }
                for (int i = 0; i < warmup; i++) {
                    runner.run(check, options);
                    curl(url);
                }
                List<Double> glassprobe = new ArrayList<>();
                List<Double> curl = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    CheckResult result = runner.run(check, options);
                    if (!result.ok()) {
                        throw new IllegalStateException("run failed: " + result.error());
                    }
                    glassprobe.add(result.steps().get(0).durationMs() - delay);
                    curl.add(curl(url) - delay);
                }
                Stats g = Stats.of(glassprobe);
                Stats c = Stats.of(curl);
                System.out.printf("%-9s %-12s %s%n", delay + " ms", "glassprobe", g);
                System.out.printf("%-9s %-12s %s%n", "", "curl", c);
                System.out.printf("%-9s %-12s median overhead ratio glassprobe/curl %.2f%n", "", "",
                        g.median() / c.median());
            }
            site.fault("none", null);
        }
        return 0;
    }

    /** One fresh curl request; its time_total in ms. */
    static double curl(String url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("curl failed: " + out);
        }
        return Double.parseDouble(out) * 1000.0;
    }
}
