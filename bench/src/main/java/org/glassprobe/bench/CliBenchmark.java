package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a user waits for when running a check from the command line in a loop while writing it, and
 * whether what it reports is the site's latency: the wall time of {@code glassprobe-probe run} of a
 * one-step HTTP check (goal: under 1 s), beside the floor of starting that jar at all
 * ({@code --help}); and the latency it reports for the demo site's /health, written as YAML and as
 * a script using {@code ctx.http()}, beside curl's time_total for the same URL, all in the same run.
 */
@Command(name = "cli", mixinStandardHelpOptions = true,
        description = "glassprobe-probe run: wall time of a one-step check (goal < 1 s) and the latency it reports,"
                + " YAML and script, against curl.")
final class CliBenchmark implements Callable<Integer> {
    private static final double GOAL_WALL_S = 1.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--runs", defaultValue = "15", description = "Runs of each command (default 15).")
    int runs;

    @Option(names = "--base-port", defaultValue = "18191",
            description = "The demo site listens on this port and the next (default 18191).")
    int basePort;

    @Option(names = "--demo-jar", defaultValue = "deploy/demo-site/target/glassprobe-demo-site.jar")
    Path demoJar;

    @Option(names = "--probe-jar", defaultValue = "probe-node/target/glassprobe-probe.jar")
    Path probeJar;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 200) {
            System.err.println("--runs must be 1..200");
            return 2;
        }
        Path dir = Files.createTempDirectory("glassprobe-cli-bench");
        Path yaml = dir.resolve("ping.yaml");
        Files.writeString(yaml, """
                name: cli-ping
                kind: ping
                retries: 0
                variables: {target: ~}
                http: {url: "${target}/health"}
                expect: ["[STATUS] == 200"]
                """);
        Path script = dir.resolve("Ping.java");
        Files.writeString(script, """
                /*---
                name: cli-ping-script
                retries: 0
                variables: {target: ~}
                ---*/
                import okhttp3.Request;
                import okhttp3.Response;
                import org.glassprobe.scenarios.script.Scenario;
                import org.glassprobe.scenarios.script.ScenarioContext;

                public class Ping implements Scenario {
                    @Override
                    public void run(ScenarioContext ctx) throws Exception {
                        ctx.step("health", () -> {
                            try (Response r = ctx.http().newCall(new Request.Builder()
                                    .url(ctx.var("target") + "/health").build()).execute()) {
                                ctx.check("[STATUS] == 200", r.code() == 200, r.code());
                                r.body().bytes();
                            }
                        });
                    }
                }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        System.out.printf("glassprobe-probe run, %d times each, on %d cores%n", runs,
                Runtime.getRuntime().availableProcessors());
        try (DemoSiteProcess site = DemoSiteProcess.start(demoJar, basePort, basePort + 1)) {
            String target = "target=" + site.baseUrl();
            List<Double> floor = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            List<Double> reported = new ArrayList<>();
            List<Double> scriptReported = new ArrayList<>();
            List<Double> curl = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                floor.add(timed(List.of(java, "-jar", probeJar.toString(), "--help")).seconds());
                Timed yamlRun = timed(List.of(java, "-jar", probeJar.toString(), "run", yaml.toString(), "--var",
                        target, "--json"));
                wall.add(yamlRun.seconds());
                reported.add(JSON.readTree(yamlRun.out()).path("durationMs").asDouble());
                JsonNode scripted = JSON.readTree(timed(List.of(java, "-jar", probeJar.toString(), "run",
                        script.toString(), "--var", target, "--json")).out());
                scriptReported.add(scripted.path("steps").path(0).path("phases").path("processing").asDouble()
                        + scripted.path("steps").path(0).path("phases").path("connect").asDouble()
                        + scripted.path("steps").path(0).path("phases").path("resolve").asDouble()
                        + scripted.path("steps").path(0).path("phases").path("tls").asDouble()
                        + scripted.path("steps").path(0).path("phases").path("transfer").asDouble());
                curl.add(LatencyTruthBenchmark.curl(site.baseUrl() + "/health"));
                System.out.printf("  %d/%d%n", i + 1, runs);
            }
            Stats w = Stats.of(wall);
            Stats f = Stats.of(floor);
            System.out.printf("%-34s %s s%n", "run ping.yaml, wall", w);
            System.out.printf("%-34s %s s%n", "baseline: the jar's --help, wall", f);
            System.out.printf("%-34s median %.3f s   goal < %.1f s: %s%n", "run − baseline", w.median() - f.median(),
                    GOAL_WALL_S, w.median() < GOAL_WALL_S ? "met" : "NOT met");
            Stats r = Stats.of(reported);
            Stats s = Stats.of(scriptReported);
            Stats c = Stats.of(curl);
            System.out.printf("%-34s %s ms%n", "reported latency, YAML", r);
            System.out.printf("%-34s %s ms%n", "reported latency, script ctx.http", s);
            System.out.printf("%-34s %s ms%n", "baseline: curl time_total", c);
            System.out.printf("%-34s YAML/curl %.2f   script/YAML %.2f%n", "median ratios", r.median() / c.median(),
                    s.median() / r.median());
        }
        return 0;
    }

    private record Timed(double seconds, byte[] out) {}

    private static Timed timed(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new Timed(seconds, out);
    }
}
