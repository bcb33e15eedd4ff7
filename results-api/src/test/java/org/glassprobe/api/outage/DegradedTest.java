package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.webhook.Receiver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Phases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Latency against the region's own history, through the real API: a steady history rolled up
 * into hours is the baseline; passed runs slower than the factor and the floor for the set number
 * of runs are check.degraded, as many normal ones check.recovered.
 */
class DegradedTest {
    @TempDir
    Path dir;
    TestApi api;
    Receiver receiver;
    String token;

    @BeforeEach
    void start() throws Exception {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_POLL", "50ms", "GLASSPROBE_OUTAGES_BASELINE_MIN_RUNS", "50",
                "GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        receiver = new Receiver();
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"check.degraded\",\"check.recovered\",\"outage.opened\",\"regional.failure\","
                + "\"regional.degraded\",\"regional.recovered\"]}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        receiver.secret(a.json().get("secret").asText());
        token = api.enrol("p-eu", "eu-west");
        api.post("/api/v1/probe/heartbeat", token, "{}");
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {degraded: {factor: 3, floor: 200ms, runs: 2}}\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isBetween(200, 201);
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    private static CheckResult run(Instant at, double ms) {
        return TestApi.result(UUID.randomUUID(), "site", at, true, new Phases(0, 1, 0, ms - 2, 1));
    }

    private void post(double ms) {
        api.clock.advance(Duration.ofSeconds(10));
        api.post("/api/v1/probe/heartbeat", token, "{}");
        assertThat(api.postResults(token, List.of(run(api.clock.instant(), ms))).status()).isEqualTo(200);
    }

    /** Two hours of runs a minute apart, 40–44 ms, ending an hour before now, from the probe with this token. */
    private void steadyHistory(String probeToken) {
        List<CheckResult> history = new ArrayList<>();
        Instant start = api.clock.instant().minus(Duration.ofHours(3));
        for (int i = 0; i < 120; i++) {
            history.add(run(start.plusSeconds(60L * i), 40 + (i % 5)));
        }
        assertThat(api.postResults(probeToken, history).status()).isEqualTo(200);
    }

    @Test
    void a_sustained_slow_down_against_a_steady_history_is_degraded_and_its_end_recovered() {
        steadyHistory(token);
        api.api.rollups().runOnce();

        post(45);
        post(400);
        api.api.outages().decideAll();
        assertThat(receiver.received()).as("one slow run is not a trend").isEmpty();
        post(100);
        post(400);
        assertThat(receiver.received()).as("100 ms is over 3 x the baseline but not 200 ms over it").isEmpty();
        post(420);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        Receiver.Received degraded = receiver.accepted().get(0);
        assertThat(degraded.type()).isEqualTo("check.degraded");
        assertThat(degraded.verified()).isTrue();
        JsonNode data = degraded.json().get("data");
        assertThat(data.get("regions")).extracting(JsonNode::asText).containsExactly("eu-west");
        assertThat(data.get("incident").get("errorSummary").asText()).contains("eu-west").contains("baseline");
        assertThat(api.get("/api/v1/outages?check=site", null).json().get("checks").get(0).get("state").asText())
                .isEqualTo("degraded");

        post(44);
        assertThat(receiver.accepted()).hasSize(1);
        post(43);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted().get(1).type()).isEqualTo("check.recovered");
        assertThat(receiver.accepted().get(1).json().get("data").get("incident").get("id").asText())
                .isEqualTo(data.get("incident").get("id").asText());
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void a_slowdown_that_lasts_stays_degraded_until_latency_really_returns_however_much_it_weighs_in_the_history() {
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {degraded: {baseline: p95, factor: 3, floor: 200ms, runs: 2}}\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isBetween(200, 201);
        // a young check: two hours of history, so that five minutes of slow runs would be a fifth of it
        steadyHistory(token);
        api.api.rollups().runOnce();
        for (int i = 0; i < 36; i++) { // six minutes at 400 ms, folded into the roll-ups as the job does
            post(400);
            api.api.rollups().runOnce(); // the baseline's cache of a minute runs out every six runs
            api.api.outages().decideAll();
            if (i >= 1) {
                assertThat(api.get("/api/v1/outages?check=site", null).json().get("checks").get(0).get("state").asText())
                        .as("still slow after %d s", (i + 1) * 10).isEqualTo("degraded");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted().get(0).type()).isEqualTo("check.degraded");
        post(44);
        post(43);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted().get(1).type()).as("recovered when latency really returned")
                .isEqualTo("check.recovered");
    }

    @Test
    void a_history_too_short_for_a_baseline_is_not_remembered_once_it_is_long_enough() {
        api.clock.advance(Duration.ofMinutes(40));
        Instant start = api.clock.instant().minus(Duration.ofMinutes(35));
        List<CheckResult> young = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // fewer than the 50 runs a baseline takes
            young.add(run(start.plusSeconds(20L * i), 40 + (i % 5)));
        }
        assertThat(api.postResults(token, young).status()).isEqualTo(200);
        post(400);
        api.api.rollups().runOnce();
        api.api.outages().decideAll(); // no baseline yet: nothing can be slow
        List<CheckResult> more = new ArrayList<>();
        for (int i = 30; i < 90; i++) {
            more.add(run(start.plusSeconds(20L * i), 40 + (i % 5)));
        }
        assertThat(api.postResults(token, more).status()).isEqualTo(200);
        api.api.rollups().runOnce();
        for (int i = 0; i < 3; i++) { // 30 s: well within a minute of the first look
            post(400);
            api.api.rollups().runOnce();
            api.api.outages().decideAll();
        }
        assertThat(api.get("/api/v1/outages?check=site", null).json().get("checks").get(0).get("state").asText())
                .as("the baseline is there as soon as the history is, not a minute later").isEqualTo("degraded");
    }

    @Test
    void a_young_check_with_no_history_before_this_hour_is_degraded_once_not_in_a_storm() {
        api.clock.advance(Duration.ofMinutes(40)); // 10:40:30: all its history is from this hour
        List<CheckResult> history = new ArrayList<>();
        Instant start = api.clock.instant().minus(Duration.ofMinutes(35));
        for (int i = 0; i < 100; i++) {
            history.add(run(start.plusSeconds(20L * i), 40 + (i % 5)));
        }
        assertThat(api.postResults(token, history).status()).isEqualTo(200);
        api.api.rollups().runOnce();
        for (int i = 0; i < 12; i++) {
            post(400);
            api.api.rollups().runOnce();
            api.api.outages().decideAll();
            api.api.outages().decideAll();
        }
        assertThat(api.get("/api/v1/outages?check=site", null).json().get("checks").get(0).get("state").asText())
                .isEqualTo("degraded");
        post(44);
        post(43);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() >= 2);
        assertThat(receiver.accepted()).extracting(Receiver.Received::type).as("one episode, told once")
                .containsExactly("check.degraded", "check.recovered");
        assertThat(api.get("/api/v1/outages?check=site&kind=degraded", null).json().get("incidents")).hasSize(1);
    }

    @Test
    void one_slow_region_of_three_is_a_regional_slowdown_and_the_check_is_degraded_once_the_quorum_is() {
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("eu-west", token);
        tokens.put("us-east", api.enrol("p-us", "us-east"));
        tokens.put("ap-south", api.enrol("p-ap", "ap-south"));
        tokens.values().forEach(this::steadyHistory);
        api.api.rollups().runOnce();
        java.util.function.Consumer<Map<String, Double>> round = ms -> {
            api.clock.advance(Duration.ofSeconds(10));
            tokens.forEach((region, t) -> {
                api.post("/api/v1/probe/heartbeat", t, "{}");
                assertThat(api.postResults(t, List.of(run(api.clock.instant(), ms.getOrDefault(region, 42.0))))
                        .status()).isEqualTo(200);
            });
        };
        round.accept(Map.of());
        for (int i = 0; i < 3; i++) {
            round.accept(Map.of("ap-south", 500.0));
        }
        JsonNode check = api.get("/api/v1/outages?check=site", null).json().get("checks").get(0);
        assertThat(check.get("state").asText()).as("one region of three is no quorum").isEqualTo("operational");
        assertThat(check.get("regions")).filteredOn(r -> r.get("region").asText().equals("ap-south"))
                .singleElement().satisfies(r -> assertThat(r.get("state").asText()).isEqualTo("degraded"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        Receiver.Received regional = receiver.accepted().get(0);
        assertThat(regional.type()).isEqualTo("regional.degraded");
        assertThat(regional.json().at("/data/regions")).extracting(JsonNode::asText).containsExactly("ap-south");
        assertThat(regional.json().at("/data/incident/kind").asText()).isEqualTo("regional_degraded");

        for (int i = 0; i < 2; i++) {
            round.accept(Map.of("ap-south", 500.0, "us-east", 480.0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        Receiver.Received wide = receiver.accepted().get(1);
        assertThat(wide.type()).as("grown into the check's degradation").isEqualTo("check.degraded");
        assertThat(wide.json().at("/data/regions")).extracting(JsonNode::asText).containsExactly("ap-south", "us-east");
        assertThat(api.get("/api/v1/outages?check=site", null).json().at("/checks/0/state").asText())
                .isEqualTo("degraded");

        for (int i = 0; i < 2; i++) {
            round.accept(Map.of("ap-south", 500.0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 4);
        assertThat(receiver.accepted().subList(2, 4)).extracting(Receiver.Received::type)
                .as("back under the quorum: the check recovered, ap-south is still slow")
                .containsExactlyInAnyOrder("check.recovered", "regional.degraded");
        assertThat(api.get("/api/v1/outages?check=site", null).json().at("/checks/0/state").asText())
                .isEqualTo("operational");
        for (int i = 0; i < 2; i++) {
            round.accept(Map.of());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 5);
        assertThat(receiver.accepted().get(4).type()).isEqualTo("regional.recovered");
        assertThat(receiver.accepted().get(4).json().at("/data/incident/kind").asText()).isEqualTo("regional_degraded");
    }
}
