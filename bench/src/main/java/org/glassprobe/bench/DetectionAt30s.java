package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.glassprobe.local.LocalNetwork;

/**
 * The detection benchmark's 30 s case: the example ping's settings (every 30 s, timeout 5 s, one
 * retry) twice side by side, {@code confirmed} (confirmation runs on, the default) and
 * {@code scheduled} ({@code outage: {confirm: false}}: only scheduled runs, the baseline), on a
 * local network with the API's and the probes' shipped settings; and, when Debian's packages are
 * installed, Prometheus + blackbox_exporter + Alertmanager at a 30 s scrape in the same trials. Each
 * trial takes the demo site down once at a random phase of the interval and up again once every
 * notice arrived; every measurement of the trial shares that down and up.
 */
final class DetectionAt30s {
    static final List<String> CHECKS = List.of("scheduled", "confirmed");
    static final Duration INTERVAL = Duration.ofSeconds(30);
    /** A 30 s check needs up to two runs to open and, with recovery 2, up to three to resolve. */
    static final Duration LIMIT = Duration.ofMinutes(3);
    static final Duration GOAL = Duration.ofSeconds(2);

    private final Path repo;
    private final int trials;
    private final long seed;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalNetwork network;

    /** One trial's instants: the site's switches, and per measured thing when it said so. */
    private record Trial(Instant down, Instant up, Map<String, Instant> opened, Map<String, Instant> resolved,
            Map<String, Instant> firstFailedRunEnd, Map<String, Instant> firstPassedRunEnd,
            Map<String, Integer> confirmationRuns) {}

    DetectionAt30s(Path repo, int trials, long seed, PrintStream out) {
        this.repo = repo;
        this.trials = trials;
        this.seed = seed;
        this.out = out;
    }

    /** Runs the trials and prints the table; false when a webhook's signature did not hold. */
    boolean run() throws IOException, InterruptedException {
        LocalNetwork.Options options = new LocalNetwork.Options(repo, repo.resolve("bench/target/detection-30s-run"),
                18840, LocalNetwork.REGIONS, null, true, false, Map.of(), List.of());
        List<String> missing = AlertingStack.missing();
        out.println("detection, 30 s case: 3 probe agents, two ping checks of the demo site's /health as"
                + " scenarios/examples/ping.yaml (interval 30s, timeout 5s, retries 1): confirmed (outage.confirm"
                + " true, the default) and scheduled (outage: {confirm: false}, the baseline); the API's and the"
                + " probes' shipped settings; " + trials + " trials; the site goes down at a random phase of the 30 s"
                + " interval (seed " + seed + ") and up at another once every notice of the trial arrived; an outage"
                + " clears on the second passing run in a row (recovery 2, the default): for scheduled an interval"
                + " after the first, for confirmed the confirmation run the first passing one asks for");
        out.println("  both checks set outage min-open: 0s and reopen-within: 0s, so that an outage ends as soon as"
                + " it clears (the defaults hold it open 3 intervals, 90 s, and would make the next trial's outage"
                + " the same, flapping, incident for 10 intervals, 300 s)");
        if (missing.isEmpty()) {
            out.println("  baseline: Prometheus + blackbox_exporter (http_2xx, timeout " + AlertingStack.SCRAPE_TIMEOUT
                    .toSeconds() + "s) + Alertmanager (group_wait 0s, group_interval 1s, send_resolved), scrape_interval "
                    + AlertingStack.SCRAPE_INTERVAL.toSeconds() + "s, rule probe_success == 0 for: 0s,"
                    + " evaluation_interval " + AlertingStack.EVALUATION_INTERVAL.toSeconds() + "s (Prometheus'"
                    + " default evaluation_interval is 1m)");
        } else {
            out.println("  no Prometheus baseline: missing " + String.join(", ", missing)
                    + " (deploy/setup-debian installs them)");
        }
        try (SignedHooks hooks = new SignedHooks();
                LocalNetwork started = LocalNetwork.start(options, out)) {
            network = started;
            push("confirmed", "");
            push("scheduled", "  confirm: false\n");
            JsonNode webhook = call("POST", "/api/v1/webhooks", "{\"url\":\"" + hooks.hookUrl()
                    + "\",\"events\":[\"outage.opened\",\"outage.resolved\"],\"checks\":[\"confirmed\",\"scheduled\"]}");
            hooks.secret(webhook.path("secret").asText(null));
            AlertingStack stack = missing.isEmpty() ? AlertingStack.start(repo.resolve("bench/target/detection-30s-run"
                    + "/alerting"), network.demoUrl() + "/health", hooks.alertmanagerUrl()) : null;
            try {
                List<Trial> done = new ArrayList<>();
                Random random = new Random(seed);
                for (int trial = 1; trial <= trials; trial++) {
                    done.add(trial(trial, random, hooks, stack));
                }
                print(done, stack != null);
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
            List<SignedHooks.Hook> rejected = hooks.rejected();
            out.println("webhooks: " + hooks.verifiedCount() + " signed and verified, " + rejected.size()
                    + " unsigned or wrongly signed" + (rejected.isEmpty() ? "" : ": " + rejected));
            return rejected.isEmpty();
        }
    }

    private Trial trial(int trial, Random random, SignedHooks hooks, AlertingStack stack)
            throws IOException, InterruptedException {
        awaitOperational();
        if (stack != null) {
            stack.awaitUp(LIMIT);
        }
        long phase = random.nextInt((int) INTERVAL.toMillis());
        sleepUntilPhase(phase);
        Instant down = Instant.now();
        fault("down");
        Map<String, Instant> opened = new LinkedHashMap<>();
        for (String check : CHECKS) {
            opened.put(check, hooks.awaitHook(h -> h.type().equals("outage.opened") && check.equals(h.check()), down,
                    LIMIT));
        }
        if (stack != null) {
            opened.put("prometheus", hooks.awaitAlert("firing", AlertingStack.ALERT, down, LIMIT));
        }
        long upPhase = random.nextInt((int) INTERVAL.toMillis());
        sleepUntilPhase(upPhase);
        Instant up = Instant.now();
        fault("none");
        Map<String, Instant> resolved = new LinkedHashMap<>();
        for (String check : CHECKS) {
            resolved.put(check, hooks.awaitHook(h -> h.type().equals("outage.resolved") && check.equals(h.check()), up,
                    LIMIT));
        }
        if (stack != null) {
            resolved.put("prometheus", hooks.awaitAlert("resolved", AlertingStack.ALERT, up, LIMIT));
        }
        Map<String, Instant> failedEnd = new LinkedHashMap<>();
        Map<String, Instant> passedEnd = new LinkedHashMap<>();
        Map<String, Integer> confirmations = new LinkedHashMap<>();
        StringBuilder runsAt = new StringBuilder();
        for (String check : CHECKS) {
            List<JsonNode> results = network.admin().results(check).stream().map(r -> r.path("result")).toList();
            runsAt.append(runsAt.length() == 0 ? "" : ", ").append(check).append(" at ")
                    .append(scheduledPhase(results));
            failedEnd.put(check, firstRunEnd(results, false, down));
            passedEnd.put(check, firstRunEnd(results, true, up));
            confirmations.put(check, (int) results.stream().filter(r -> r.has("confirmation")
                    && !Instant.parse(r.path("startedAt").asText()).isBefore(down)).count());
        }
        Trial t = new Trial(down, up, opened, resolved, failedEnd, passedEnd, confirmations);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "trial %d: down at %.1f s of the interval,"
                + " up at %.1f s (the checks' scheduled runs start: %s)", trial, phase / 1000.0, upPhase / 1000.0,
                runsAt));
        opened.forEach((name, when) -> line.append(String.format(Locale.ROOT, "; %s opened +%.1f s resolved +%.1f s",
                name, ms(down, when) / 1000, ms(up, resolved.get(name)) / 1000)));
        confirmations.forEach((name, n) -> line.append("; ").append(name).append(" confirmation runs ").append(n));
        out.println(line);
        return t;
    }

    /** Sleeps until the clock is at this many milliseconds past a multiple of the interval (from the epoch). */
    private static void sleepUntilPhase(long phase) throws InterruptedException {
        long now = System.currentTimeMillis();
        long at = Math.floorDiv(now, INTERVAL.toMillis()) * INTERVAL.toMillis() + phase;
        Thread.sleep((at <= now ? at + INTERVAL.toMillis() : at) - now);
    }

    /** Where in the interval the check's latest scheduled run started (its first attempt), as "12.3 s". */
    private static String scheduledPhase(List<JsonNode> results) {
        return results.stream().filter(r -> !r.has("confirmation")).map(r -> {
            JsonNode earlier = r.path("earlierAttempts");
            return Instant.parse((earlier.isEmpty() ? r : earlier.get(0)).path("startedAt").asText());
        }).max(Instant::compareTo).map(t -> String.format(Locale.ROOT, "%.1f s",
                Math.floorMod(t.toEpochMilli(), INTERVAL.toMillis()) / 1000.0)).orElse("?");
    }

    /**
     * When the first run of the wanted outcome ended whose final attempt started at or after
     * {@code since}: the final attempt's startedAt plus its durationMs (earlier attempts are in
     * earlierAttempts and end before it).
     */
    private static Instant firstRunEnd(List<JsonNode> results, boolean ok, Instant since) {
        Instant first = null;
        for (JsonNode r : results) {
            Instant started = Instant.parse(r.path("startedAt").asText());
            if (r.path("ok").asBoolean() != ok || started.isBefore(since)) {
                continue;
            }
            Instant end = started.plusNanos(Math.round(r.path("durationMs").asDouble() * 1e6));
            if (first == null || end.isBefore(first)) {
                first = end;
            }
        }
        if (first == null) {
            throw new IllegalStateException("no " + (ok ? "passed" : "failed") + " run started after " + since
                    + " among the check's stored results, although its notice arrived");
        }
        return first;
    }

    private void print(List<Trial> done, boolean prometheus) {
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        for (Trial t : done) {
            for (String check : CHECKS) {
                add(rows, check + " site down → outage.opened", ms(t.down(), t.opened().get(check)));
                add(rows, check + " end of 1st failing run → opened", ms(t.firstFailedRunEnd().get(check),
                        t.opened().get(check)));
                add(rows, check + " site up → outage.resolved", ms(t.up(), t.resolved().get(check)));
                add(rows, check + " end of 1st passing run → resolved", ms(t.firstPassedRunEnd().get(check),
                        t.resolved().get(check)));
            }
            if (prometheus) {
                add(rows, "prometheus site down → alert firing", ms(t.down(), t.opened().get("prometheus")));
                add(rows, "prometheus site up → alert resolved", ms(t.up(), t.resolved().get("prometheus")));
            }
        }
        out.println();
        out.printf(Locale.ROOT, "%-44s %10s %10s  %s%n", "30 s checks (ms)", "median", "max", "all");
        rows.forEach((name, values) -> {
            double[] sorted = Stats.sorted(values);
            out.printf(Locale.ROOT, "%-44s %10.0f %10.0f  %s%n", name, Stats.rank(sorted, 0.5),
                    sorted[sorted.length - 1], values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
        });
        for (String what : List.of("site down → outage.opened", "end of 1st failing run → opened",
                "site up → outage.resolved", "end of 1st passing run → resolved")) {
            out.printf(Locale.ROOT, "ratio confirmed/scheduled of the medians, %-36s %.2f%n", what + ":",
                    median(rows.get("confirmed " + what)) / median(rows.get("scheduled " + what)));
        }
        if (prometheus) {
            out.printf(Locale.ROOT, "ratio confirmed/prometheus of the medians, site down → notice: %.2f;"
                    + " site up → notice: %.2f%n",
                    median(rows.get("confirmed site down → outage.opened"))
                            / median(rows.get("prometheus site down → alert firing")),
                    median(rows.get("confirmed site up → outage.resolved"))
                            / median(rows.get("prometheus site up → alert resolved")));
        }
        List<Double> confirmed = rows.get("confirmed end of 1st failing run → opened");
        double max = Stats.sorted(confirmed)[confirmed.size() - 1];
        out.printf(Locale.ROOT, "goal: opened within %d s of the end of the first failing run: confirmed median %.0f"
                + " ms, max %.0f ms: %s (from the site going down: median %.0f ms)%n", GOAL.toSeconds(),
                median(confirmed), max, max <= GOAL.toMillis() ? "met" : "not met",
                median(rows.get("confirmed site down → outage.opened")));
    }

    private static void add(Map<String, List<Double>> rows, String name, double value) {
        rows.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private static double median(List<Double> values) {
        return Stats.rank(Stats.sorted(values), 0.5);
    }

    private static double ms(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private void awaitOperational() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            int operational = 0;
            for (JsonNode c : call("GET", "/api/v1/outages", null).path("checks")) {
                if (CHECKS.contains(c.path("check").asText()) && c.path("state").asText().equals("operational")) {
                    operational++;
                }
            }
            if (operational == CHECKS.size()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the checks " + CHECKS + " were not operational within " + LIMIT.toSeconds()
                + " s: " + call("GET", "/api/v1/outages", null).path("checks"));
    }

    private void push(String name, String outage) throws IOException, InterruptedException {
        String text = "name: " + name + "\nkind: ping\ninterval: 30s\ntimeout: 5s\nretries: 1\n"
                + "outage:\n  min-open: 0s\n  reopen-within: 0s\n" + outage
                + "variables: {target: ~}\nhttp: {url: \"${target}/health\"}\n"
                + "expect: [\"[STATUS] == 200\", \"[BODY] == ok\", \"[RESPONSE_TIME] < 2000\"]\n";
        network.admin().putCheck(name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private void fault(String mode) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(network.demoAdminUrl()
                + "/admin/faults?mode=" + mode)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IOException("the demo site's admin answered " + r.statusCode() + " to mode=" + mode);
        }
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        return network.admin().call(method, path, body);
    }
}
