package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
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
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Phases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's answers are never stale: through the real API (H2 file, loopback HTTP) fed by three
 * enrolled probes, each change that the page shows — a new result (also a late one, into a closed
 * day, once rolled up), an outage opened and resolved, a maintenance window created, a check
 * pushed or deleted — is on the very next request of {@code /}, {@code /checks/{name}} and
 * {@code /status.json}, and a conditional request with the ETag held before gets 304 only while
 * nothing changed.
 */
class PageFreshnessTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final List<String> ROUTES = List.of("/", "/checks/site", "/status.json");

    @TempDir
    Path dir;
    TestApi api;
    final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_OUTAGES_EVERY", "1h"));
        for (String region : REGIONS) {
            tokens.put(region, api.enrol("p-" + region, region));
        }
        push("site");
        beat();
        round(true);
        api.api.rollups().runOnce();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void an_unchanged_answer_is_304_with_its_etag_and_no_cache_asks_to_revalidate() {
        for (String route : ROUTES) {
            TestApi.Answer first = api.get(route, null);
            assertThat(first.status()).as(route).isEqualTo(200);
            assertThat(first.header("Cache-Control")).as(route).isEqualTo("no-cache");
            String etag = first.header("ETag");
            assertThat(etag).as(route).matches("W/\"[0-9a-f]{32}\"");
            TestApi.Answer again = conditional(route, etag);
            assertThat(again.status()).as(route + ": nothing changed").isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.header("ETag")).isEqualTo(etag);
            assertThat(conditional(route, "W/\"0123\", " + etag).status()).as("one of several").isEqualTo(304);
            assertThat(conditional(route, "\"0123\"").status()).as("another copy").isEqualTo(200);
        }
    }

    @Test
    void a_new_result_is_on_the_next_request_also_a_late_one_into_a_closed_day() {
        Map<String, String> before = etags();
        post("eu-west", List.of(run("site", api.clock.instant().minusSeconds(1), false)));
        changed(before, "a new failed result, not rolled up yet");
        JsonNode status = api.get("/status.json", null).json();
        assertThat(today(status).get("failures").asLong()).isEqualTo(1);

        Map<String, String> beforeLate = etags();
        Instant twoDaysAgo = api.clock.instant().minus(Duration.ofDays(2));
        String date = twoDaysAgo.toString().substring(0, 10);
        assertThat(day(api.get("/status.json", null).json(), date).get("runs").asLong()).isZero();
        post("us-east", List.of(run("site", twoDaysAgo, false)));
        Map<String, String> afterLate = changed(beforeLate, "a late result into a closed day, not rolled up");
        assertThat(day(api.get("/status.json", null).json(), date).get("failures").asLong()).isEqualTo(1);
        assertThat(summaryRuns("7d")).isEqualTo(summaryRuns("24h") + 1);

        api.api.rollups().runOnce();
        // the check's page also shows percentiles, which move from the raw values to the histograms'
        // (within 1 %) as results are rolled up; the overview's counts stay exactly the same
        for (String route : List.of("/", "/status.json")) {
            assertThat(conditional(route, afterLate.get(route)).status())
                    .as(route + ": rolled up, the same figures from the minute, hour and day rows").isEqualTo(304);
        }
        JsonNode rolled = api.get("/status.json", null).json();
        assertThat(day(rolled, date).get("failures").asLong()).isEqualTo(1);
        assertThat(day(rolled, date).get("uptimePercent").asDouble()).isZero();
        assertThat(summaryRuns("7d")).isEqualTo(summaryRuns("24h") + 1);
    }

    @Test
    void an_outage_opened_then_resolved_is_on_the_next_request() {
        Map<String, String> before = etags();
        for (int i = 0; i < 3; i++) {
            api.clock.advance(Duration.ofSeconds(10));
            beat();
            round(false);
        }
        api.api.outages().decideAll();
        changed(before, "an outage opened");
        assertThat(stateOf(api.get("/status.json", null).json(), "site")).isEqualTo("outage");
        assertThat(api.get("/", null).body()).contains("data-state=\"outage\"");
        assertThat(api.get("/checks/site", null).body()).contains("data-state=\"outage\"").contains("Ongoing");

        Map<String, String> open = etags();
        for (int i = 0; i < 3; i++) {
            api.clock.advance(Duration.ofSeconds(10));
            beat();
            round(true);
        }
        api.api.outages().decideAll();
        changed(open, "the outage resolved");
        JsonNode status = api.get("/status.json", null).json();
        assertThat(stateOf(status, "site")).isEqualTo("operational");
        assertThat(status.get("incidents").get(0).get("ongoing").asBoolean()).isFalse();
        assertThat(api.get("/", null).body()).doesNotContain("data-state=\"outage\"");
    }

    @Test
    void a_maintenance_window_is_on_the_next_request() {
        Map<String, String> before = etags();
        TestApi.Answer window = api.post("/api/v1/maintenance", ADMIN, "{\"check\":\"site\",\"startsAt\":\""
                + api.clock.instant().minusSeconds(60) + "\",\"endsAt\":\"" + api.clock.instant().plusSeconds(3600)
                + "\",\"reason\":\"upgrade\"}");
        assertThat(window.status()).as(window.body()).isEqualTo(201);
        Map<String, String> during = changed(before, "a maintenance window created");
        JsonNode status = api.get("/status.json", null).json();
        assertThat(stateOf(status, "site")).isEqualTo("maintenance");
        assertThat(today(status).get("maintenance").asBoolean()).isTrue();

        assertThat(api.delete("/api/v1/maintenance/" + window.json().get("id").asText(), ADMIN).status())
                .isEqualTo(204);
        changed(during, "the maintenance window deleted");
        assertThat(today(api.get("/status.json", null).json()).get("maintenance").asBoolean()).isFalse();
    }

    @Test
    void a_new_check_and_a_deleted_one_are_on_the_next_request() {
        Map<String, String> before = etags();
        assertThat(api.get("/checks/shop", null).status()).isEqualTo(404);
        push("shop");
        Map<String, String> added = changed(before, "a check pushed", List.of("/", "/status.json"));
        assertThat(conditional("/checks/site", before.get("/checks/site")).status())
                .as("another check's page is unchanged").isEqualTo(304);
        assertThat(api.get("/checks/shop", null).status()).isEqualTo(200);
        assertThat(api.get("/", null).body()).contains("data-check=\"shop\"");
        assertThat(names(api.get("/status.json", null).json())).containsExactlyInAnyOrder("site", "shop");

        assertThat(api.delete("/api/v1/checks/shop", ADMIN).status()).isEqualTo(204);
        TestApi.Answer overview = conditional("/", added.get("/"));
        assertThat(overview.status()).as("a check deleted").isEqualTo(200);
        assertThat(overview.body()).doesNotContain("data-check=\"shop\"");
        TestApi.Answer json = conditional("/status.json", added.get("/status.json"));
        assertThat(json.status()).isEqualTo(200);
        assertThat(names(json.json())).containsExactly("site");
        assertThat(api.get("/checks/shop", null).status()).isEqualTo(404);
    }

    @Test
    void while_many_read_at_once_a_change_is_on_every_request_made_after_it() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            for (int i = 0; i < 12; i++) {
                String route = ROUTES.get(i % ROUTES.size());
                readers.submit(() -> {
                    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (reading.get() && System.nanoTime() < end) {
                        api.get(route, null);
                    }
                });
            }
            for (int n = 1; n <= 5; n++) {
                post("ap-south", List.of(run("site", api.clock.instant().minusSeconds(n), false)));
                for (String route : ROUTES) {
                    TestApi.Answer a = api.get(route, null);
                    assertThat(a.status()).isEqualTo(200);
                    if (route.equals("/status.json")) {
                        assertThat(today(a.json()).get("failures").asLong()).as("after %d failures", n).isEqualTo(n);
                    } else {
                        assertThat(a.body()).as(route).contains("<dd data-period=\"24h\">"
                                + Fmt.percent(org.glassprobe.api.query.SummaryService.uptimePercent(3 + n, n)) + "</dd>");
                    }
                }
            }
        } finally {
            reading.set(false);
            readers.shutdown();
            assertThat(readers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_client_that_asks_for_gzip_gets_the_page_and_the_json_gzip() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String route : ROUTES) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(api.base + route))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Encoding")).as(route).hasValue("gzip");
            String body;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            TestApi.Answer plain = api.get(route, null);
            assertThat(body).as(route).isEqualTo(plain.body());
            assertThat(r.body().length).as(route + ": smaller").isLessThan(body.length() / 3);
            assertThat(r.headers().firstValue("ETag")).as(route + ": one ETag for both forms")
                    .hasValue(plain.header("ETag"));
            assertThat(r.headers().firstValue("Vary")).as(route + ": a cache keeps the two forms apart")
                    .hasValue("Accept-Encoding");
            assertThat(plain.header("Vary")).as(route).isEqualTo("Accept-Encoding");
            HttpResponse<byte[]> again = http.send(HttpRequest.newBuilder(URI.create(api.base + route))
                    .header("Accept-Encoding", "gzip").header("If-None-Match", plain.header("ETag")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(again.statusCode()).as(route + ": unchanged, asked gzip").isEqualTo(304);
            assertThat(again.body()).isEmpty();
            HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(api.base + route))
                    .header("Accept-Encoding", "gzip;q=0, identity").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(refused.headers().firstValue("Content-Encoding")).as(route + ": gzip refused").isEmpty();
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).as(route).isEqualTo(plain.body());
        }
    }

    /** The ETag of each route now, after checking that each answers 200. */
    private Map<String, String> etags() {
        Map<String, String> etags = new LinkedHashMap<>();
        for (String route : ROUTES) {
            TestApi.Answer a = api.get(route, null);
            assertThat(a.status()).as(route).isEqualTo(200);
            etags.put(route, a.header("ETag"));
        }
        return etags;
    }

    /** Asserts that each route answers in full to the ETag held before the change, with a new ETag. */
    private Map<String, String> changed(Map<String, String> before, String change) {
        return changed(before, change, ROUTES);
    }

    private Map<String, String> changed(Map<String, String> before, String change, List<String> routes) {
        Map<String, String> now = new LinkedHashMap<>();
        for (String route : routes) {
            TestApi.Answer a = conditional(route, before.get(route));
            assertThat(a.status()).as(route + " after " + change).isEqualTo(200);
            assertThat(a.header("ETag")).as(route + " after " + change).isNotEqualTo(before.get(route));
            now.put(route, a.header("ETag"));
        }
        return now;
    }

    private TestApi.Answer conditional(String route, String etag) {
        return api.send("GET", route, null, null, null, Map.of("If-None-Match", etag));
    }

    private void push(String name) {
        TestApi.Answer a = api.putYaml(name, "name: " + name + "\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    private void beat() {
        for (String region : REGIONS) {
            assertThat(api.post("/api/v1/probe/heartbeat", tokens.get(region), "{}").status()).isEqualTo(200);
        }
    }

    /** One run of "site" from every region, now. */
    private void round(boolean ok) {
        for (String region : REGIONS) {
            post(region, List.of(run("site", api.clock.instant(), ok)));
        }
    }

    private void post(String region, List<CheckResult> results) {
        TestApi.Answer a = api.postResults(tokens.get(region), results);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    private static CheckResult run(String check, Instant at, boolean ok) {
        return TestApi.result(UUID.randomUUID(), check, at, ok, new Phases(0, 1, 0, 40, 1));
    }

    private long summaryRuns(String period) {
        return api.get("/api/v1/checks/site/summary?period=" + period, null).json().get("overall").get("runs").asLong();
    }

    private static JsonNode check(JsonNode status, String name) {
        for (JsonNode c : status.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + status);
    }

    private static String stateOf(JsonNode status, String name) {
        return check(status, name).get("state").asText();
    }

    private static JsonNode today(JsonNode status) {
        JsonNode daily = check(status, "site").get("daily");
        return daily.get(daily.size() - 1);
    }

    private static JsonNode day(JsonNode status, String date) {
        for (JsonNode d : check(status, "site").get("daily")) {
            if (d.get("date").asText().equals(date)) {
                return d;
            }
        }
        throw new AssertionError("no day " + date);
    }

    private static List<String> names(JsonNode status) {
        List<String> names = new ArrayList<>();
        status.get("checks").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
