package org.glassprobe.api.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.outage.CheckStates;
import org.glassprobe.api.outage.CheckStates.State;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Confirmation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirmation rounds through the real API (H2 file, loopback HTTP), the test playing the three
 * probes: it posts their results with their tokens and reads their commands as they would.
 */
class ConfirmationRoundsTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dir;
    TestApi api;
    final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_OUTAGES_CONFIRM_MAX_RUNS_PER_MINUTE", "3",
                "GLASSPROBE_OUTAGES_CONFIRM_PERIOD", "30s"));
        tokens.putAll(api.enrolBeating(REGIONS));
        push("site", "");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void push(String name, String outage) {
        push(name, "30s", outage);
    }

    private void push(String name, String interval, String outage) {
        assertThat(api.putYaml(name, "name: " + name + "\nkind: ping\ninterval: " + interval + "\ntimeout: 2s\nretries: 0\n"
                + outage + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
    }

    private void post(String region, CheckResult result) {
        TestApi.Answer a = api.postResults(tokens.get(region), List.of(result));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    /** Each region posts one scheduled result of the check now: ok unless listed as failing. */
    private void round(String check, String... failing) {
        for (String region : REGIONS) {
            post(region, TestApi.result(check, api.clock.instant(), !List.of(failing).contains(region)));
        }
    }

    private JsonNode commands(String region, String query) {
        TestApi.Answer a = api.get("/api/v1/probe/commands" + query, tokens.get(region));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    private CheckStates.CheckState state(String check) {
        return api.api.checkStates().of(check).orElseThrow();
    }

    @Test
    void a_failure_in_one_region_asks_the_others_and_is_regional_only_once_they_answered() {
        round("site");
        api.clock.advance(Duration.ofSeconds(30));
        post("ap-south", TestApi.result("site", api.clock.instant(), false));

        assertThat(commands("ap-south", "").get("commands")).as("the failing region is not asked").isEmpty();
        JsonNode command = commands("eu-west", "").get("commands").get(0);
        assertThat(command.get("type").asText()).isEqualTo("confirm");
        assertThat(command.get("check").asText()).isEqualTo("site");
        assertThat(command.get("reason").asText()).isEqualTo("failure");
        assertThat(command.get("trigger").get("region").asText()).isEqualTo("ap-south");
        assertThat(commands("eu-west", "").get("checksEtag").asText()).isNotBlank();
        String round = command.get("id").asText();
        assertThat(commands("us-east", "").get("commands").get(0).get("id").asText()).isEqualTo(round);

        assertThat(api.get("/api/v1/outages?kind=regional", null).json().get("incidents"))
                .as("not yet known to be regional: the round awaits answers").isEmpty();

        api.clock.advance(Duration.ofMillis(500));
        post("eu-west", TestApi.result("site", api.clock.instant(), true)
                .withConfirmation(new Confirmation(round, Confirmation.FAILURE)));
        assertThat(api.get("/api/v1/outages?kind=regional", null).json().get("incidents")).isEmpty();
        assertThat(commands("eu-west", "").get("commands")).as("answered: no longer pending").isEmpty();
        post("us-east", TestApi.result("site", api.clock.instant(), true)
                .withConfirmation(new Confirmation(round, Confirmation.FAILURE)));
        assertThat(state("site").state()).isEqualTo(State.REGIONAL_FAILURE);
        assertThat(api.get("/api/v1/outages?kind=regional", null).json().get("incidents")).as("now it is")
                .singleElement().satisfies(i -> assertThat(i.get("regions").get(0).asText()).isEqualTo("ap-south"));

        JsonNode rounds = api.get("/api/v1/checks/site/confirmations", null).json().get("rounds");
        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0).get("answered").asBoolean()).isTrue();
        assertThat(rounds.get(0).get("asked")).extracting(a -> a.get("probe").asText())
                .containsExactly("p-eu-west", "p-us-east");
        assertThat(rounds.get(0).get("asked")).allSatisfy(a -> assertThat(a.get("ok").asBoolean()).isTrue());

        String page = api.get("/checks/site", null).body();
        assertThat(page).contains("data-confirmation=\"failure\"").contains("confirmation run: another region failed");
    }

    @Test
    void failures_answered_by_confirmations_open_one_outage_at_once() {
        round("site");
        api.clock.advance(Duration.ofSeconds(30));
        post("ap-south", TestApi.result("site", api.clock.instant(), false));
        String round = commands("eu-west", "").get("commands").get(0).get("id").asText();
        api.clock.advance(Duration.ofMillis(700));
        post("eu-west", TestApi.result("site", api.clock.instant(), false)
                .withConfirmation(new Confirmation(round, Confirmation.FAILURE)));
        assertThat(state("site").state()).as("two of three failed: the quorum, without waiting for us-east")
                .isEqualTo(State.OUTAGE);
        assertThat(api.api.checkStates().incidents("site", 10)).singleElement()
                .satisfies(i -> assertThat(i.regions()).containsExactlyInAnyOrder("ap-south", "eu-west"));
        assertThat(api.get("/api/v1/outages?kind=regional", null).json().get("incidents")).isEmpty();
    }

    @Test
    void one_round_per_check_and_period_and_none_for_a_fast_check_or_one_that_turns_them_off() {
        round("site");
        api.clock.advance(Duration.ofSeconds(30));
        post("ap-south", TestApi.result("site", api.clock.instant(), false));
        api.clock.advance(Duration.ofSeconds(5));
        post("ap-south", TestApi.result("site", api.clock.instant(), false));
        post("us-east", TestApi.result("site", api.clock.instant(), false));
        assertThat(api.get("/api/v1/checks/site/confirmations", null).json().get("rounds")).as("within 30 s").hasSize(1);

        push("fast", "5s", "");
        round("fast");
        api.clock.advance(Duration.ofSeconds(5));
        post("ap-south", TestApi.result("fast", api.clock.instant(), false));
        assertThat(api.get("/api/v1/checks/fast/confirmations", null).json().get("rounds"))
                .as("a check every 5 s hears from every region sooner than a round would (confirm-min-interval 10s)")
                .isEmpty();

        push("quiet", "outage: {confirm: false}\n");
        round("quiet");
        api.clock.advance(Duration.ofSeconds(30));
        post("ap-south", TestApi.result("quiet", api.clock.instant(), false));
        assertThat(api.get("/api/v1/checks/quiet/confirmations", null).json().get("rounds")).isEmpty();
        assertThat(state("quiet").state()).as("decided at once, as before confirmations")
                .isEqualTo(State.REGIONAL_FAILURE);
    }

    @Test
    void a_probe_is_asked_at_most_its_budget_per_minute_over_all_checks() {
        for (int i = 0; i < 5; i++) {
            push("c" + i, "");
            round("c" + i);
        }
        api.clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            post("ap-south", TestApi.result("c" + i, api.clock.instant(), false));
        }
        assertThat(commands("eu-west", "").get("commands")).as("outages.confirm-max-runs-per-minute 3").hasSize(3);
        JsonNode last = api.get("/api/v1/checks/c4/confirmations", null).json().get("rounds").get(0);
        assertThat(last.get("asked")).isEmpty();
        assertThat(last.get("skipped").get(0).asText()).contains("p-eu-west").contains("3 times in the last minute");
        String metrics = api.get("/metrics", TestApi.ADMIN).body();
        assertThat(metrics).contains("glassprobe_confirmation_asks_total{outcome=\"over_budget\"} 4.0");

        api.clock.advance(Duration.ofSeconds(61));
        push("c5", "");
        round("c5");
        api.clock.advance(Duration.ofSeconds(1));
        post("ap-south", TestApi.result("c5", api.clock.instant(), false));
        assertThat(api.get("/api/v1/checks/c5/confirmations", null).json().get("rounds").get(0).get("asked"))
                .as("a minute later the budget is back").hasSize(2);
    }

    @Test
    void a_waiting_probe_hears_of_a_new_command_at_once_and_a_down_probe_is_not_asked() throws Exception {
        api.enrol("p-eu-west-2", "eu-west"); // enrolled, never heard from: not up, not asked
        round("site");
        api.clock.advance(Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> commands("us-east", "?wait=20s"));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        post("ap-south", TestApi.result("site", api.clock.instant(), false));
        JsonNode heard = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(heard.get("commands")).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("long before the 20 s wait ends")
                .isLessThan(Duration.ofSeconds(10));
        String id = heard.get("commands").get(0).get("id").asText();
        assertThat(commands("us-east", "?wait=300ms&have=" + id).get("commands")).as("nothing new: answered after"
                + " the wait, with what is pending").hasSize(1);
        assertThat(api.get("/api/v1/checks/site/confirmations", null).json().get("rounds").get(0).get("asked"))
                .extracting(a -> a.get("probe").asText()).containsExactly("p-eu-west", "p-us-east");
    }

    @Test
    void bad_parameters_are_named_and_change_nothing() {
        TestApi.Answer wait = api.get("/api/v1/probe/commands?wait=1h", tokens.get("eu-west"));
        assertThat(wait.status()).isEqualTo(400);
        assertThat(wait.body()).contains("query parameter wait must be a duration from 0 to 25s").contains("'1h'");
        TestApi.Answer have = api.get("/api/v1/probe/commands?have=a,b%20c", tokens.get("eu-west"));
        assertThat(have.status()).isEqualTo(400);
        assertThat(have.body()).contains("query parameter have").contains("'b c'");
        assertThat(api.get("/api/v1/probe/commands", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/checks/nope/confirmations", null).status()).isEqualTo(404);
    }
}
