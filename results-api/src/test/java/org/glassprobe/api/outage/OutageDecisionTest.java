package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.outage.CheckStates.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions through the real API (H2 file, loopback HTTP) with a clock the test moves: results
 * posted with real probe tokens, decisions taken as they arrive, and by the periodic job's work
 * when only time passes.
 */
class OutageDecisionTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dir;
    TestApi api;
    final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        api = new TestApi(dir);
        tokens.putAll(api.enrolBeating(REGIONS));
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void beat(String region) {
        assertThat(api.post("/api/v1/probe/heartbeat", tokens.get(region), "{}").status()).isEqualTo(200);
    }

    /** Each region posts one result now: ok unless listed as failing. */
    private void round(String... failing) {
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            boolean ok = !List.of(failing).contains(region);
            TestApi.Answer a = api.postResults(tokens.get(region), List.of(TestApi.result("site", now, ok)));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
        }
    }

    private CheckStates.CheckState state() {
        return api.api.checkStates().of("site").orElseThrow();
    }

    @Test
    void a_check_no_probe_has_reported_is_unknown_never_up() {
        assertThat(state().state()).isEqualTo(State.UNKNOWN);
        api.api.outages().decideAll();
        assertThat(state().state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void two_of_three_regions_failing_open_an_outage_and_passing_again_resolves_it() {
        round();
        assertThat(state().state()).isEqualTo(State.OPERATIONAL);
        assertThat(state().regions()).extracting(CheckStates.RegionState::state).containsOnly(State.OPERATIONAL);

        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        assertThat(state().state()).isEqualTo(State.OUTAGE);
        List<CheckStates.Incident> incidents = api.api.checkStates().incidents("site", 10);
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.regions()).containsExactly("eu-west", "us-east");
            assertThat(i.resolvedAt()).isNull();
            assertThat(i.openedAt()).isEqualTo(api.clock.instant());
            assertThat(i.errorSummary()).contains("eu-west: status").contains("us-east: status");
            assertThat(i.firstResultId()).isNotNull();
        });

        api.clock.advance(Duration.ofSeconds(10));
        round();
        assertThat(state().state()).as("recovery needs 2 passed runs in a region by default").isEqualTo(State.OUTAGE);
        api.clock.advance(Duration.ofSeconds(10));
        round();
        Instant clear = api.clock.instant();
        assertThat(state().state()).as("clear, but open for less than min-open (3 intervals)").isEqualTo(State.OUTAGE);
        api.clock.advance(Duration.ofSeconds(10));
        round();
        assertThat(state().state()).isEqualTo(State.OPERATIONAL);
        assertThat(api.api.checkStates().incidents("site", 10)).singleElement()
                .satisfies(i -> assertThat(i.resolvedAt()).as("ended when it cleared").isEqualTo(clear));

        JsonNode outages = api.get("/api/v1/outages", null).json();
        assertThat(outages.get("checks").get(0).get("state").asText()).isEqualTo("operational");
        assertThat(outages.get("incidents")).hasSize(1);
        assertThat(outages.get("incidents").get(0).get("durationMs").asLong()).isEqualTo(20_000);
    }

    @Test
    void one_region_failing_alone_is_a_regional_failure_not_an_outage() {
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("ap-south");
        assertThat(state().state()).isEqualTo(State.REGIONAL_FAILURE);
        assertThat(state().regions()).filteredOn(r -> r.region().equals("ap-south")).singleElement()
                .satisfies(r -> {
                    assertThat(r.state()).isEqualTo(State.OUTAGE);
                    assertThat(r.lastError()).isEqualTo("status 503, expected 200");
                });
        assertThat(api.api.checkStates().incidents("site", 10)).isEmpty();
        assertThat(api.get("/api/v1/outages?kind=regional", null).json().get("incidents")).hasSize(1);
    }

    @Test
    void a_region_whose_probe_is_down_stops_voting_and_with_none_left_the_check_is_unknown() {
        round();
        api.clock.advance(Duration.ofSeconds(100));
        api.api.liveness().evaluate();
        api.api.outages().decideAll();
        assertThat(state().state()).as("no live probe: unknown, never up").isEqualTo(State.UNKNOWN);
        assertThat(state().regions()).extracting(CheckStates.RegionState::state).containsOnly(State.UNKNOWN);

        beat("eu-west");
        beat("us-east");
        Instant now = api.clock.instant();
        api.postResults(tokens.get("us-east"), List.of(TestApi.result("site", now, true)));
        api.postResults(tokens.get("eu-west"), List.of(TestApi.result("site", now, false)));
        assertThat(state().state()).as("1 of 2 voting regions failing: below the majority of 2")
                .isEqualTo(State.REGIONAL_FAILURE);
    }

    @Test
    void a_stale_result_no_longer_votes() {
        round();
        api.clock.advance(Duration.ofSeconds(20 + 2 + 10 + 1));
        for (String region : REGIONS) {
            beat(region);
        }
        api.api.outages().decideAll();
        assertThat(state().state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void a_check_that_asks_for_two_voting_regions_is_unknown_with_one_and_never_down() {
        assertThat(api.putYaml("two", "name: two\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {min-regions: 2}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
        api.pushPing("any");
        // the probes of two regions are dead: only eu-west reports, and the site fails from there
        api.clock.advance(Duration.ofMinutes(2));
        beat("eu-west");
        api.api.liveness().evaluate();
        Instant now = api.clock.instant();
        for (String check : List.of("two", "any")) {
            assertThat(api.postResults(tokens.get("eu-west"), List.of(TestApi.result(check, now, false))).status())
                    .isEqualTo(200);
        }
        assertThat(api.api.checkStates().of("any").orElseThrow().state()).as("by default one region decides")
                .isEqualTo(State.OUTAGE);
        assertThat(api.api.checkStates().of("two").orElseThrow().state()).as("one region is not enough")
                .isEqualTo(State.UNKNOWN);
        assertThat(api.get("/api/v1/outages?check=two&kind=all", null).json().get("incidents")).isEmpty();

        api.clock.advance(Duration.ofSeconds(10));
        beat("us-east"); // back
        for (String region : List.of("eu-west", "us-east")) {
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("two", api.clock.instant(), false)))
                    .status()).isEqualTo(200);
        }
        assertThat(api.api.checkStates().of("two").orElseThrow().state()).as("two regions vote, both fail")
                .isEqualTo(State.OUTAGE);
    }

    @Test
    void the_first_region_to_report_a_new_checks_failure_does_not_make_an_outage_of_it_alone() {
        api.pushPing("fresh");
        Instant now = api.clock.instant();
        assertThat(api.postResults(tokens.get("eu-west"), List.of(TestApi.result("fresh", now, false))).status())
                .isEqualTo(200);
        assertThat(api.api.checkStates().of("fresh").orElseThrow().state())
                .as("us-east and ap-south have live probes and will report: no one-region outage")
                .isNotEqualTo(State.OUTAGE);
        assertThat(api.get("/api/v1/outages?check=fresh&kind=all", null).json().get("incidents")).isEmpty();
        assertThat(api.postResults(tokens.get("us-east"), List.of(TestApi.result("fresh", now, false))).status())
                .isEqualTo(200);
        assertThat(api.api.checkStates().of("fresh").orElseThrow().state()).isEqualTo(State.OUTAGE);
    }
}
