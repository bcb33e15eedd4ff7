package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glassprobe.local.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast glassprobe says "down": the real API, the demo site and three probe agents as
 * processes, and a webhook receiver on loopback that verifies each webhook's signature. The 1 s
 * case pings every second: each trial switches the demo site to down and times the outage.opened
 * webhook's arrival, then back up and times outage.resolved; then kills a probe and times
 * probe.down. Two checks run side by side, so each trial measures both: "fast" (quorum 1, no
 * retry, recovery 1) and "default" (a majority quorum, one confirming retry, recovery 2). The 30 s
 * case ({@link DetectionAt30s}) compares confirmation runs with scheduled runs alone and with
 * Prometheus + blackbox_exporter + Alertmanager.
 */
@Command(name = "detection", mixinStandardHelpOptions = true,
        description = "Time from the demo site going down to the outage.opened webhook, back up to outage.resolved,"
                + " and from killing a probe to probe.down (1 s case); at a 30 s interval with and without"
                + " confirmation runs, beside Prometheus + blackbox_exporter + Alertmanager (30 s case).")
final class DetectionBenchmark implements Callable<Integer> {
    enum Case { ALL, ONE_SECOND, THIRTY_SECONDS }

    @Option(names = "--case", defaultValue = "all", converter = CaseConverter.class, paramLabel = "CASE",
            description = "1s, 30s or all (default all: the 1 s case, then the 30 s case, each on its own network).")
    Case only;

    @Option(names = "--trials", defaultValue = "5", description = "Trials of each measurement of the 1 s case"
            + " (default 5).")
    int trials;

    @Option(names = "--trials-30s", defaultValue = "5", description = "Trials of the 30 s case, about 2.5 minutes each"
            + " (default 5).")
    int trials30s;

    @Option(names = "--seed", description = "Seed of the 30 s case's random phases (default: the clock; printed).")
    Long seed;

    @Option(names = "--down-after", defaultValue = "3s",
            description = "The API's liveness.down-after (probes heartbeat every second; default 3s).")
    String downAfter;

    @Option(names = "--down-for", defaultValue = "0s", description = "1 s case: how long the site stays down after both"
            + " outage.opened arrived, before it comes back (default 0s: at once; an outage is held open at least"
            + " min-open, 3 intervals, so a longer one shows the all-clear without that hold).")
    String downFor;

    @Option(names = "--root", defaultValue = ".", description = "The repository (default: the working directory).")
    Path root;

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalNetwork network;

    static final class CaseConverter implements picocli.CommandLine.ITypeConverter<Case> {
        @Override
        public Case convert(String value) {
            return switch (value) {
                case "all" -> Case.ALL;
                case "1s" -> Case.ONE_SECOND;
                case "30s" -> Case.THIRTY_SECONDS;
                default -> throw new picocli.CommandLine.TypeConversionException("--case " + value
                        + " is not a case; write 1s, 30s or all");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        down(downFor); // a mistake is said before anything starts
        if (trials < 1 || trials30s < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--trials and --trials-30s are at least 1");
        }
        Path repo = root.toAbsolutePath().normalize();
        boolean signed = true;
        if (only != Case.THIRTY_SECONDS) {
            signed = oneSecond(repo);
        }
        if (only != Case.ONE_SECOND) {
            long chosen = seed != null ? seed : System.currentTimeMillis();
            signed &= new DetectionAt30s(repo, trials30s, chosen, System.out).run();
        }
        if (!signed) {
            System.out.println("FAILED: a webhook arrived unsigned or wrongly signed (listed above)");
            return 1;
        }
        return 0;
    }

    /** The 1 s case; false when a webhook's signature did not hold. */
    private boolean oneSecond(Path repo) throws Exception {
        int base = 18800;
        Map<String, String> env = Map.of("GLASSPROBE_OUTAGES_EVERY", "250ms", "GLASSPROBE_WEBHOOKS_POLL", "100ms",
                "GLASSPROBE_LIVENESS_LATE_AFTER", "2s", "GLASSPROBE_LIVENESS_DOWN_AFTER", downAfter,
                "GLASSPROBE_LIVENESS_EVERY", "250ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "200ms");
        LocalNetwork.Options options = new LocalNetwork.Options(repo, repo.resolve("bench/target/detection-bench-run"),
                base, LocalNetwork.REGIONS, null, true, false, env,
                List.of("--pull-interval", "1s", "--heartbeat-interval", "1s"));
        System.out.println("detection, 1 s case: 3 probe agents, pings every second, down for " + downFor
                + " after outage.opened, outages.every 250ms, webhooks.poll 100ms,"
                + " heartbeats every 1s, liveness.down-after " + downAfter + "; " + trials + " trials; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores, shared with other work");
        try (SignedHooks hooks = new SignedHooks(); LocalNetwork started = LocalNetwork.start(options, System.out)) {
            network = started;
            hooks.secret(call("POST", "/api/v1/webhooks", "{\"url\":\"" + hooks.hookUrl()
                    + "\",\"events\":[\"outage.opened\",\"outage.resolved\",\"probe.down\",\"probe.up\"]}")
                    .path("secret").asText(null));
            push("fast", "timeout: 800ms\nretries: 0\noutage: {quorum: 1, recovery: 1}\n");
            push("default", "timeout: 400ms\nretries: 1\n");
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (int trial = 1; trial <= trials; trial++) {
                awaitState("operational");
                // a clean down/up: past the checks' flap window (reopen-within, 10 intervals), so that
                // this trial's outage is a new one and not the last one's trouble coming back; and a
                // different phase of the second in each trial
                Thread.sleep(11_000 + (trial * 137L) % 1000);
                Instant down = Instant.now();
                fault("down");
                for (String check : List.of("fast", "default")) {
                    Instant at = hooks.awaitHook(a -> a.type().equals("outage.opened") && check.equals(a.check()),
                            down, LIMIT);
                    times.computeIfAbsent(check + " down → outage.opened", k -> new ArrayList<>())
                            .add(ms(down, at));
                }
                Thread.sleep(down(downFor).toMillis());
                Instant up = Instant.now();
                fault("none");
                for (String check : List.of("fast", "default")) {
                    Instant at = hooks.awaitHook(a -> a.type().equals("outage.resolved") && check.equals(a.check()),
                            up, LIMIT);
                    times.computeIfAbsent(check + " up → outage.resolved", k -> new ArrayList<>()).add(ms(up, at));
                }
                System.out.println("trial " + trial + " outage done");
            }
            for (int trial = 1; trial <= trials; trial++) {
                String region = LocalNetwork.REGIONS.get(trial % LocalNetwork.REGIONS.size());
                String probe = LocalNetwork.probeName(region);
                awaitState("operational");
                Instant killed = Instant.now();
                network.probe(region).kill9();
                Instant at = hooks.awaitHook(a -> a.type().equals("probe.down") && probe.equals(a.probe()), killed,
                        LIMIT);
                times.computeIfAbsent("probe killed → probe.down", k -> new ArrayList<>()).add(ms(killed, at));
                Instant restarted = Instant.now();
                network.restartProbe(region);
                hooks.awaitHook(a -> a.type().equals("probe.up") && probe.equals(a.probe()), restarted, LIMIT);
                System.out.println("trial " + trial + " probe done");
            }
            System.out.printf("%-36s %10s %10s  %s%n", "measurement (ms)", "median", "max", "all");
            times.forEach((name, values) -> {
                double[] sorted = Stats.sorted(values);
                System.out.printf("%-36s %10.0f %10.0f  %s%n", name, Stats.rank(sorted, 0.5), sorted[sorted.length - 1],
                        values.stream().map(v -> String.format("%.0f", v)).toList());
            });
            List<SignedHooks.Hook> rejected = hooks.rejected();
            System.out.println("webhooks: " + hooks.verifiedCount() + " signed and verified, " + rejected.size()
                    + " unsigned or wrongly signed" + (rejected.isEmpty() ? "" : ": " + rejected));
            System.out.println();
            return rejected.isEmpty();
        }
    }

    private static Duration down(String text) {
        return org.glassprobe.scenarios.model.Durations.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "--down-for " + text + " is not a duration; write e.g. 0s or 5s"));
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private void awaitState(String state) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode checks = call("GET", "/api/v1/outages", null).path("checks");
            boolean all = checks.size() == 2;
            for (JsonNode c : checks) {
                all &= c.path("state").asText().equals(state);
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the checks were not " + state + " within " + LIMIT.toSeconds() + " s");
    }

    private void push(String name, String settings) throws IOException, InterruptedException {
        String text = "name: " + name + "\nkind: ping\ninterval: 1s\n" + settings
                + "variables: {target: ~}\nhttp: {url: \"${target}/health\"}\n"
                + "expect: [\"[STATUS] == 200\"]\n";
        network.admin().putCheck(name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private void fault(String mode) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(network.demoAdminUrl() + "/admin/faults?mode=" + mode))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        return network.admin().call(method, path, body);
    }
}
