package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Phases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of the checks on the uptime page and in {@code /status.json}, and the regions' errors
 * there, through the real API (H2 file, loopback HTTP) fed by three enrolled probes: checks in every
 * state, named so that their name order is not their state order.
 */
class StatusOrderTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final String SLOW = "outage: {degraded: {factor: 3, floor: 200ms, runs: 2}}\n";

    @TempDir
    static Path dir;
    static TestApi api;
    static final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_OUTAGES_EVERY", "1h", "GLASSPROBE_OUTAGES_BASELINE_MIN_RUNS", "50"));
        tokens.putAll(api.enrolBeating(REGIONS));
        push("a-operational", "");
        push("b-maintenance", "");
        push("c-unknown", "");
        push("d-degraded", SLOW);
        push("e-slow-in-one-region", SLOW);
        push("f-regional-failure", "");
        push("g-outage", "");
        push("h-outage", "");
        push("y-recovered", "outage: {min-open: 0s}\n");
        TestApi.Answer window = api.post("/api/v1/maintenance", ADMIN, "{\"check\":\"b-maintenance\",\"startsAt\":\""
                + api.clock.instant().minusSeconds(60) + "\",\"endsAt\":\"" + api.clock.instant().plusSeconds(3600)
                + "\",\"reason\":\"upgrade\"}");
        assertThat(window.status()).as(window.body()).isIn(200, 201);

        // the latency baselines: two hours of 40–44 ms runs in every region, ending an hour ago
        for (String region : REGIONS) {
            List<CheckResult> history = new ArrayList<>();
            Instant from = api.clock.instant().minus(Duration.ofHours(3));
            for (int i = 0; i < 120; i++) {
                for (String check : List.of("d-degraded", "e-slow-in-one-region")) {
                    history.add(run(check, from.plusSeconds(60L * i), true, 40 + (i % 5)));
                }
            }
            assertThat(api.postResults(tokens.get(region), history).status()).isEqualTo(200);
        }
        api.api.rollups().runOnce();

        // four rounds 10 s apart; y-recovered fails in eu-west in the first only
        for (int round = 1; round <= 4; round++) {
            api.clock.advance(Duration.ofSeconds(10));
            Instant now = api.clock.instant();
            for (String region : REGIONS) {
                beat(region);
                boolean eu = region.equals("eu-west");
                List<CheckResult> batch = new ArrayList<>();
                batch.add(run("a-operational", now, true, 42));
                batch.add(run("b-maintenance", now, true, 42));
                batch.add(run("d-degraded", now, true, 400));
                batch.add(run("e-slow-in-one-region", now, true, eu ? 400 : 42));
                batch.add(run("f-regional-failure", now, !region.equals("ap-south"), 42));
                batch.add(run("g-outage", now, region.equals("ap-south"), 42));
                batch.add(run("h-outage", now, region.equals("ap-south"), 42));
                batch.add(run("y-recovered", now, !(eu && round == 1), 42));
                TestApi.Answer a = api.postResults(tokens.get(region), batch);
                assertThat(a.status()).as(a.body()).isEqualTo(200);
            }
        }
        api.api.outages().decideAll();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void beat(String region) {
        assertThat(api.post("/api/v1/probe/heartbeat", tokens.get(region), "{}").status()).isEqualTo(200);
    }

    private static void push(String name, String outage) {
        TestApi.Answer a = api.putYaml(name, "name: " + name + "\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + outage + "http: {url: \"http://127.0.0.1:1/health\"}\n");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    private static CheckResult run(String check, Instant at, boolean ok, double ms) {
        return TestApi.result(UUID.randomUUID(), check, at, ok, new Phases(0, 1, 0, ms - 2, 1));
    }

    private static String stateOf(JsonNode status, String check) {
        for (JsonNode c : status.get("checks")) {
            if (c.get("name").asText().equals(check)) {
                return c.get("state").asText();
            }
        }
        throw new AssertionError("no check " + check + " in /status.json");
    }

    private static JsonNode region(JsonNode status, String check, String region) {
        for (JsonNode c : status.get("checks")) {
            if (c.get("name").asText().equals(check)) {
                for (JsonNode r : c.get("regions")) {
                    if (r.get("region").asText().equals(region)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no region " + region + " of check " + check + " in /status.json");
    }

    @Test
    void checks_are_listed_most_troubled_first_and_by_name_within_a_state() {
        JsonNode status = api.get("/status.json", null).json();
        // the fixture is what the test says it is
        assertThat(stateOf(status, "g-outage")).isEqualTo("outage");
        assertThat(stateOf(status, "f-regional-failure")).isEqualTo("regional_failure");
        assertThat(stateOf(status, "e-slow-in-one-region")).isEqualTo("operational");
        assertThat(region(status, "e-slow-in-one-region", "eu-west").get("state").asText()).isEqualTo("degraded");
        assertThat(stateOf(status, "d-degraded")).isEqualTo("degraded");
        assertThat(stateOf(status, "c-unknown")).isEqualTo("unknown");
        assertThat(stateOf(status, "b-maintenance")).isEqualTo("maintenance");
        assertThat(stateOf(status, "y-recovered")).isEqualTo("operational");

        List<String> expected = List.of("g-outage", "h-outage", "f-regional-failure", "e-slow-in-one-region",
                "d-degraded", "c-unknown", "b-maintenance", "a-operational", "y-recovered");
        assertThat(status.get("checks").findValuesAsText("name")).containsExactlyElementsOf(expected);

        List<String> onPage = new ArrayList<>();
        Matcher card = Pattern.compile("<article class=\"check [^\"]*\" data-check=\"([^\"]+)\"")
                .matcher(api.get("/", null).body());
        while (card.find()) {
            onPage.add(card.group(1));
        }
        assertThat(onPage).containsExactlyElementsOf(expected);
    }

    @Test
    void a_region_whose_latest_results_passed_shows_no_error_and_a_failing_one_its_latest() {
        JsonNode status = api.get("/status.json", null).json();
        JsonNode recovered = region(status, "y-recovered", "eu-west");
        assertThat(recovered.get("state").asText()).isEqualTo("operational");
        assertThat(recovered.get("lastError").isNull()).as("the failure of round 1 is stale: " + recovered).isTrue();
        JsonNode failing = region(status, "f-regional-failure", "ap-south");
        assertThat(failing.get("state").asText()).isEqualTo("outage");
        assertThat(failing.get("lastError").asText()).isEqualTo("status 503, expected 200");

        // the page shows what the JSON says: an error under the failing region only
        String page = api.get("/", null).body();
        assertThat(card(page, "y-recovered")).doesNotContain("region-error");
        assertThat(card(page, "f-regional-failure")).containsOnlyOnce("<span class=\"region-error\">status 503,"
                + " expected 200</span>");
    }

    /** One check's card in the page's HTML. */
    private static String card(String page, String check) {
        int start = page.indexOf("data-check=\"" + check + "\"");
        assertThat(start).as("a card for " + check).isNotNegative();
        return page.substring(start, page.indexOf("</article>", start));
    }
}
