package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the end-to-end tests: free ports, pushing small checks, reading results and probe metrics. */
final class NetworkFixture {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private NetworkFixture() {}

    /** A base port with the next 6 ports free (API, demo, demo admin, three probes). */
    static int freeBasePort() throws IOException {
        return freeBasePort(7);
    }

    /** A base port with the {@code count - 1} ports after it free too. */
    static int freeBasePort(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 32_700); // below the kernel's ephemeral ports
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports found");
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** A ping of the demo site every second, from the given regions (none: every region). */
    static void pushPing(LocalNetwork network, String name, String expect, String... regions)
            throws IOException, InterruptedException {
        String text = "name: " + name + "\nkind: ping\ninterval: 1s\ntimeout: 800ms\nretries: 0\n"
                + (regions.length == 0 ? "" : "regions: [" + String.join(", ", regions) + "]\n")
                + "variables: {target: ~}\nhttp: {url: \"${target}/health\"}\n"
                + "expect: [\"" + expect + "\"]\n";
        network.admin().putCheck(name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A stored result: which probe, when its run started, its id, whether it passed. */
    record Stored(String probe, Instant startedAt, String id, boolean ok) {}

    static List<Stored> results(LocalNetwork network, String check) throws IOException, InterruptedException {
        List<Stored> stored = new ArrayList<>();
        for (JsonNode r : network.admin().results(check)) {
            JsonNode result = r.path("result");
            stored.add(new Stored(r.path("probe").asText(), Instant.parse(result.path("startedAt").asText()),
                    result.path("id").asText(), result.path("ok").asBoolean()));
        }
        return stored;
    }

    static List<Stored> of(List<Stored> results, String probe) {
        return results.stream().filter(r -> r.probe().equals(probe)).sorted(java.util.Comparator.comparing(Stored::startedAt))
                .toList();
    }

    /** A probe's /healthz as JSON. */
    static JsonNode health(LocalNetwork network, String region) throws IOException, InterruptedException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(network.probeLocalUrl(region) + "/healthz"));
    }

    /** The sum of a counter's samples whose labels contain the given text (any, with ""), from a probe's /metrics. */
    static double metric(LocalNetwork network, String region, String name, String labelText)
            throws IOException, InterruptedException {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)})? (\\S+)$")
                .matcher(get(network.probeLocalUrl(region) + "/metrics"));
        while (m.find()) {
            if ((m.group(1) == null ? "" : m.group(1)).contains(labelText)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A call to the API with the admin token, expecting the given status; the body as JSON (null node when empty). */
    static JsonNode admin(LocalNetwork network, String method, String path, String body, int expect)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(network.apiUrl() + path))
                .header("Authorization", "Bearer " + network.adminToken()).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    /** Whether the check is operational with every one of the three regions voting and operational. */
    static boolean everyRegionOperational(LocalNetwork network, String check) throws IOException, InterruptedException {
        JsonNode state = admin(network, "GET", "/api/v1/outages?check=" + check, null, 200).path("checks").path(0);
        if (!state.path("state").asText().equals("operational") || state.path("regions").size() != 3) {
            return false;
        }
        for (JsonNode region : state.path("regions")) {
            if (!region.path("state").asText().equals("operational")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets a demo-site fault: {@code fault(network, "mode=down")}, or for one region's requests
     * (header {@code X-Demo-Region}) {@code fault(network, "mode=down&region=us-east")}; a rejected
     * query fails the test with the site's 400 message.
     */
    static void fault(LocalNetwork network, String query) throws IOException, InterruptedException {
        URI uri = URI.create(network.demoAdminUrl() + "/admin/faults?" + query);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST /admin/faults?" + query + ": " + r.body()).isEqualTo(200);
    }

    /**
     * One probe's results fill consecutive planned seconds: nothing lost, nothing twice. A run starts
     * at its planned time or up to the scheduler's miss threshold (1 s) later, so a result is mapped
     * to its planned second through the check's phase on this probe (where its least late runs
     * start), not by the gap to the one before: two runs can start 1.9 s apart without a loss. The
     * results of a probe killed and restarted are two series (its phase may change), and the seconds
     * it was dead are not expected. Runs the probe reported missed (metrics) may be absent.
     */
    static void assertEverySecondOnce(List<Stored> ofProbe, Instant deadFrom, Instant deadTo, double missed) {
        assertThat(ofProbe).extracting(Stored::id).doesNotHaveDuplicates();
        List<Stored> sorted = ofProbe.stream().sorted(java.util.Comparator.comparing(Stored::startedAt)).toList();
        List<List<Long>> series = new java.util.ArrayList<>(List.of(new java.util.ArrayList<>()));
        for (Stored r : sorted) {
            if (deadFrom != null && !r.startedAt().isBefore(deadFrom) && !r.startedAt().isAfter(deadTo)) {
                continue; // around the death: the probe may or may not have run
            }
            if (deadTo != null && r.startedAt().isAfter(deadTo) && series.size() == 1) {
                series.add(new java.util.ArrayList<>());
            }
            series.get(series.size() - 1).add(r.startedAt().toEpochMilli());
        }
        long absent = 0;
        for (List<Long> times : series) {
            long phase = phase(times);
            for (int i = 1; i < times.size(); i++) {
                long previous = Math.floorDiv(times.get(i - 1) - phase, 1000);
                long current = Math.floorDiv(times.get(i) - phase, 1000);
                assertThat(current).as("the run after %s (planned second %s) of %s, at %s", Instant.ofEpochMilli(
                        times.get(i - 1)), previous, ofProbe.get(0).probe(), Instant.ofEpochMilli(times.get(i)))
                        .isGreaterThan(previous);
                absent += current - previous - 1;
            }
        }
        assertThat((double) absent).as("planned seconds without a result, beyond the runs reported missed (%s)",
                missed).isLessThanOrEqualTo(missed);
    }

    /** Where in the second a series' runs are planned: the start of the shortest arc of the clock face holding them all. */
    private static long phase(List<Long> times) {
        long best = 0;
        long bestSpread = Long.MAX_VALUE;
        for (long candidate : times) {
            long c = Math.floorMod(candidate, 1000);
            long spread = 0;
            for (long t : times) {
                spread = Math.max(spread, Math.floorMod(t - c, 1000));
            }
            if (spread < bestSpread) {
                bestSpread = spread;
                best = c;
            }
        }
        return best;
    }
}
