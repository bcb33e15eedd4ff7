package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.outage.CheckStates.State;
import org.glassprobe.api.webhook.Receiver;
import org.glassprobe.scenarios.result.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flap control through the real API (H2 file, loopback HTTP, a real receiver) with a clock the test
 * moves: decisions wait for every region's result of a round, an incident stays open its minimum
 * time, and trouble that comes back after it cleared continues it, flapping, until it stays clear.
 * The check runs every 10 s: by default an incident stays open 30 s and a flapping one ends after
 * 100 s clear.
 */
class FlapControlTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dir;
    TestApi api;
    Receiver receiver;
    final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", // the receiver is on loopback
                "GLASSPROBE_WEBHOOKS_POLL", "50ms"));
        receiver = new Receiver();
        tokens.putAll(api.enrolBeating(REGIONS));
        TestApi.Answer hook = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"outage.opened\",\"outage.resolved\",\"regional.failure\",\"regional.recovered\"]}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        receiver.secret(hook.json().get("secret").asText());
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    private void check(String outage) {
        TestApi.Answer a = api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: " + outage + "\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        assertThat(a.status()).as(a.body()).isBetween(200, 201);
    }

    /** One region posts its result of the round that began now. */
    private void result(String region, boolean ok) {
        TestApi.Answer a = api.postResults(tokens.get(region), List.of(TestApi.result("site", api.clock.instant(), ok)));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    /** Every region posts its result of a round that began now: ok unless listed as failing. */
    private void round(String... failing) {
        for (String region : REGIONS) {
            result(region, !List.of(failing).contains(region));
        }
    }

    /** The next round, 10 s on. */
    private void next(String... failing) {
        api.clock.advance(Duration.ofSeconds(10));
        round(failing);
    }

    private State state() {
        return api.api.checkStates().of("site").orElseThrow().state();
    }

    private JsonNode incidents(String kind) {
        return api.get("/api/v1/outages?kind=" + kind, null).json().get("incidents");
    }

    /** The notices the receiver accepted, once it has {@code count} and a second more has passed. */
    private List<String> notices(int count) throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() >= count);
        Thread.sleep(1000); // time for one too many to arrive
        return receiver.accepted().stream().map(Receiver.Received::type).toList();
    }

    @Test
    void a_resolve_waits_for_every_regions_result_of_the_round() {
        check("{recovery: 1, min-open: 0s}");
        round("eu-west", "us-east", "ap-south");
        assertThat(state()).isEqualTo(State.OUTAGE);
        api.clock.advance(Duration.ofSeconds(10));
        result("eu-west", true);
        result("us-east", true);
        assertThat(state()).as("ap-south has not reported this round: nothing is resolved yet").isEqualTo(State.OUTAGE);
        result("ap-south", false);
        assertThat(state()).as("the round is in: ap-south alone fails").isEqualTo(State.REGIONAL_FAILURE);
        assertThat(incidents("outage")).singleElement().satisfies(i -> assertThat(i.get("resolvedAt").isNull()).isFalse());
    }

    @Test
    void a_regions_failure_of_the_round_before_does_not_add_to_anothers_of_this_round() throws Exception {
        check("{recovery: 1}");
        round();
        next("eu-west");
        assertThat(state()).isEqualTo(State.REGIONAL_FAILURE);
        api.clock.advance(Duration.ofSeconds(10));
        result("us-east", false); // eu-west's failure is of the round before: no quorum of this round
        assertThat(state()).isEqualTo(State.REGIONAL_FAILURE);
        result("eu-west", true);
        result("ap-south", true);
        assertThat(state()).isEqualTo(State.REGIONAL_FAILURE);
        next("ap-south");
        next("eu-west");
        assertThat(state()).isEqualTo(State.REGIONAL_FAILURE);
        assertThat(incidents("outage")).isEmpty();
        assertThat(incidents("regional")).as("the trouble moving between regions is one incident").singleElement()
                .satisfies(i -> assertThat(i.get("flapping").asBoolean()).isTrue());
        assertThat(notices(1)).as("one notice, not one per region it moved to").containsExactly("regional.failure");
    }

    @Test
    void an_outage_stays_open_its_minimum_time_and_a_clean_one_then_ends_when_it_cleared() throws Exception {
        check("{recovery: 1}");
        round();
        next("eu-west", "us-east", "ap-south");
        Instant opened = api.clock.instant();
        next();
        Instant cleared = api.clock.instant();
        assertThat(state()).as("clear 10 s after opening; min-open is 30 s").isEqualTo(State.OUTAGE);
        assertThat(incidents("outage").get(0).get("clearSince").asText()).isEqualTo(Timestamps.format(cleared));
        next();
        assertThat(state()).isEqualTo(State.OUTAGE);
        next();
        assertThat(state()).as("30 s after it opened").isEqualTo(State.OPERATIONAL);
        JsonNode outage = incidents("outage").get(0);
        assertThat(outage.get("openedAt").asText()).isEqualTo(Timestamps.format(opened));
        assertThat(outage.get("resolvedAt").asText()).as("its end is when it cleared").isEqualTo(Timestamps.format(cleared));
        assertThat(outage.get("flapping").asBoolean()).isFalse();
        assertThat(notices(2)).containsExactly("outage.opened", "outage.resolved");
    }

    @Test
    void a_site_down_and_up_every_other_round_is_one_flapping_outage_reported_once_and_ended_once() throws Exception {
        check("{recovery: 1}");
        round();
        for (int i = 0; i < 12; i++) { // two minutes: down, up, down, up...
            if (i % 2 == 0) {
                next("eu-west", "us-east", "ap-south");
            } else {
                next();
            }
            assertThat(state()).as("round %d", i).isEqualTo(State.OUTAGE);
        }
        JsonNode outage = incidents("outage").get(0);
        assertThat(incidents("outage")).hasSize(1);
        assertThat(outage.get("flapping").asBoolean()).isTrue();
        assertThat(outage.get("flaps").asInt()).isEqualTo(5);
        Instant cleared = api.clock.instant();
        for (int i = 0; i < 9; i++) {
            next();
            assertThat(state()).as("a flapping outage ends only after 100 s clear (%d s)", (i + 1) * 10)
                    .isEqualTo(State.OUTAGE);
        }
        next();
        assertThat(state()).isEqualTo(State.OPERATIONAL);
        assertThat(incidents("outage")).singleElement().satisfies(i -> {
            assertThat(i.get("resolvedAt").asText()).isEqualTo(Timestamps.format(cleared));
            // from the round it opened in to the one it cleared in: 6 down rounds and 6 up ones, 3 regions
            assertThat(i.get("runs").asInt()).isEqualTo(36);
            assertThat(i.get("failedRuns").asInt()).isEqualTo(18);
        });
        String page = api.get("/checks/site", null).body();
        assertThat(page).contains("data-flapping=\"true\"")
                .contains("flapping: back 5 times; 18 of 36 runs failed (50 %)");
        assertThat(incidents("regional")).isEmpty();
        assertThat(notices(2)).containsExactly("outage.opened", "outage.resolved");
        assertThat(receiver.accepted().get(1).json().at("/data/incident/flapping").asBoolean()).isTrue();
    }

    @Test
    void a_flapping_outage_whose_trouble_comes_back_while_it_waits_waits_again() {
        check("{recovery: 1, reopen-within: 30s}");
        round();
        next("eu-west", "us-east", "ap-south");
        next();
        next("eu-west", "us-east", "ap-south"); // back after clearing: flapping
        next();
        next();
        next("eu-west", "us-east");             // back again 20 s into its 30 s wait
        next();
        next();
        next();
        assertThat(state()).as("20 s clear of 30").isEqualTo(State.OUTAGE);
        next();
        assertThat(state()).isEqualTo(State.OPERATIONAL);
        assertThat(incidents("outage")).singleElement().satisfies(i -> assertThat(i.get("flaps").asInt()).isEqualTo(2));
    }

    @Test
    void trouble_back_soon_after_the_end_reopens_the_same_incident_announced_again() throws Exception {
        check("{recovery: 1}");
        round();
        next("eu-west", "us-east", "ap-south");
        next();
        next();
        next();
        assertThat(state()).isEqualTo(State.OPERATIONAL);
        String id = incidents("outage").get(0).get("id").asText();
        next("eu-west", "us-east");
        assertThat(state()).isEqualTo(State.OUTAGE);
        assertThat(incidents("outage")).as("30 s after it cleared: the same incident").singleElement().satisfies(i -> {
            assertThat(i.get("id").asText()).isEqualTo(id);
            assertThat(i.hasNonNull("resolvedAt")).isFalse();
            assertThat(i.get("flaps").asInt()).isEqualTo(1);
        });
        for (int i = 0; i < 10; i++) {
            next();
        }
        assertThat(state()).as("flapping now: clear 90 s of 100").isEqualTo(State.OUTAGE);
        next();
        assertThat(state()).isEqualTo(State.OPERATIONAL);
        assertThat(notices(4)).containsExactly("outage.opened", "outage.resolved", "outage.opened", "outage.resolved");
        assertThat(receiver.accepted()).extracting(Receiver.Received::id).doesNotHaveDuplicates();
        assertThat(receiver.accepted()).allSatisfy(r -> assertThat(r.json().at("/data/incident/id").asText()).isEqualTo(id));
    }

    @Test
    void trouble_back_after_the_window_is_a_new_incident() throws Exception {
        check("{recovery: 1, reopen-within: 20s}");
        round();
        next("eu-west", "us-east", "ap-south");
        next();
        next();
        next();
        next();
        next("eu-west", "us-east", "ap-south"); // 40 s after it cleared
        assertThat(incidents("outage")).hasSize(2)
                .allSatisfy(i -> assertThat(i.get("flapping").asBoolean()).isFalse());
    }
}
