package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.glassprobe.local.LocalNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast glassprobe says "down": the real API, the demo site and three probe agents as
 * processes, pings every second, and a webhook receiver on loopback. Each trial switches the demo
 * site to down and times the outage.opened webhook's arrival, then back up and times
 * outage.resolved; then kills a probe and times probe.down. Two checks run side by side, so each
 * trial measures both: "fast" (quorum 1, no retry, recovery 1) and "default" (a majority quorum,
 * one confirming retry, recovery 2).
 */
@Command(name = "detection", mixinStandardHelpOptions = true,
        description = "Time from the demo site going down to the outage.opened webhook, back up to outage.resolved,"
                + " and from killing a probe to probe.down.")
final class DetectionBenchmark implements Callable<Integer> {
    @Option(names = "--trials", defaultValue = "5", description = "Trials of each measurement (default 5).")
    int trials;

    @Option(names = "--down-after", defaultValue = "3s",
            description = "The API's liveness.down-after (probes heartbeat every second; default 3s).")
    String downAfter;

    @Option(names = "--down-for", defaultValue = "0s", description = "How long the site stays down after both"
            + " outage.opened arrived, before it comes back (default 0s: at once; an outage is held open at least"
            + " min-open, 3 intervals, so a longer one shows the all-clear without that hold).")
    String downFor;

    @Option(names = "--root", defaultValue = ".", description = "The repository (default: the working directory).")
    Path root;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private LocalNetwork network;

    private record Arrival(Instant at, String type, String check, String probe) {}

    @Override
    public Integer call() throws Exception {
        down(downFor); // a mistake is said before anything starts
        Path repo = root.toAbsolutePath().normalize();
        int base = 18800;
        Map<String, String> env = Map.of("GLASSPROBE_OUTAGES_EVERY", "250ms", "GLASSPROBE_WEBHOOKS_POLL", "100ms",
                "GLASSPROBE_LIVENESS_LATE_AFTER", "2s", "GLASSPROBE_LIVENESS_DOWN_AFTER", downAfter,
                "GLASSPROBE_LIVENESS_EVERY", "250ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "200ms");
        LocalNetwork.Options options = new LocalNetwork.Options(repo, repo.resolve("bench/target/detection-bench-run"),
                base, LocalNetwork.REGIONS, null, true, false, env,
                List.of("--pull-interval", "1s", "--heartbeat-interval", "1s"));
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            Instant at = Instant.now();
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            JsonNode data = body.path("data");
            arrivals.add(new Arrival(at, body.path("type").asText(), data.path("check").asText(null),
                    data.path("probe").asText(null)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        System.out.println("detection: 3 probe agents, pings every second, down for " + downFor + " after outage.opened,"
                + " outages.every 250ms, webhooks.poll 100ms,"
                + " heartbeats every 1s, liveness.down-after " + downAfter + "; " + trials + " trials; machine: "
                + Runtime.getRuntime().availableProcessors() + " cores, shared with other work");
        try (LocalNetwork started = LocalNetwork.start(options, System.out)) {
            network = started;
            call("POST", "/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"events\":[\"outage.opened\",\"outage.resolved\",\"probe.down\",\"probe.up\"]}");
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
                    Instant at = awaitArrival(a -> a.type().equals("outage.opened") && check.equals(a.check()), down);
                    times.computeIfAbsent(check + " down → outage.opened", k -> new ArrayList<>())
                            .add(ms(down, at));
                }
                Thread.sleep(down(downFor).toMillis());
                Instant up = Instant.now();
                fault("none");
                for (String check : List.of("fast", "default")) {
                    Instant at = awaitArrival(a -> a.type().equals("outage.resolved") && check.equals(a.check()), up);
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
                Instant at = awaitArrival(a -> a.type().equals("probe.down") && probe.equals(a.probe()), killed);
                times.computeIfAbsent("probe killed → probe.down", k -> new ArrayList<>()).add(ms(killed, at));
                Instant restarted = Instant.now();
                network.restartProbe(region);
                awaitArrival(a -> a.type().equals("probe.up") && probe.equals(a.probe()), restarted);
                System.out.println("trial " + trial + " probe done");
            }
            System.out.printf("%-36s %10s %10s  %s%n", "measurement (ms)", "median", "max", "all");
            times.forEach((name, values) -> {
                double[] sorted = Stats.sorted(values);
                System.out.printf("%-36s %10.0f %10.0f  %s%n", name, Stats.rank(sorted, 0.5), sorted[sorted.length - 1],
                        values.stream().map(v -> String.format("%.0f", v)).toList());
            });
        } finally {
            receiver.stop(0);
        }
        return 0;
    }

    private static Duration down(String text) {
        return org.glassprobe.scenarios.model.Durations.parse(text).orElseThrow(() -> new IllegalArgumentException(
                "--down-for " + text + " is not a duration; write e.g. 0s or 5s"));
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private Instant awaitArrival(Predicate<Arrival> wanted, Instant after) throws InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            for (Arrival a : arrivals) {
                if (!a.at().isBefore(after) && wanted.test(a)) {
                    return a.at();
                }
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no such webhook within " + LIMIT.toSeconds() + " s; received: " + arrivals);
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(network.apiUrl() + path))
                .header("Authorization", "Bearer " + network.adminToken()).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
