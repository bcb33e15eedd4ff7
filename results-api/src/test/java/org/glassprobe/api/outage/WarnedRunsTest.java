package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.webhook.Receiver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A passed run whose warn condition did not hold (a certificate close to its expiry) counts as a
 * slow one, through the real API: {@code runs} of them in a row degrade a region, and the check at
 * the quorum, with notices that name the warning; as many runs without it end that. No latency
 * history is needed.
 */
class WarnedRunsTest {
    private static final String WARNING = "step \"http\": condition [CERTIFICATE_EXPIRATION] > 14d failed: actual ";

    @TempDir
    Path dir;
    TestApi api;
    Receiver receiver;
    Map<String, String> tokens;

    @BeforeEach
    void start() throws Exception {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_POLL", "50ms",
                "GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        receiver = new Receiver();
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"check.degraded\",\"check.recovered\",\"regional.degraded\",\"regional.recovered\","
                + "\"outage.opened\",\"regional.failure\"]}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        receiver.secret(a.json().get("secret").asText());
        tokens = api.enrolBeating(List.of("eu-west", "us-east"));
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    private void check(String degraded) {
        assertThat(api.putYaml("shop", "name: shop\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "regions: [eu-west, us-east]\noutage: {degraded: " + degraded + "}\n"
                + "http: {url: \"https://shop.example/\"}\nwarn: [\"[CERTIFICATE_EXPIRATION] > 14d\"]\n").status())
                .isBetween(200, 201);
    }

    /** A passed run of 40 ms; warned: its certificate expires in 5 days, under the 14 days asked. */
    private static CheckResult run(Instant at, boolean warned) {
        Phases phases = new Phases(1, 2, 5, 30, 2);
        long left = (warned ? Duration.ofDays(5) : Duration.ofDays(60)).toMillis();
        StepResult step = new StepResult("http", "http", true, phases.sum(), new StepResult.Request("GET",
                "https://shop.example/"), 200, phases, List.of(new ConditionResult("[STATUS] < 400", true, "200", "400",
                true)), Map.of(), null, Map.of(), List.of(), null, null, null, null, null,
                List.of(new ConditionResult("[CERTIFICATE_EXPIRATION] > 14d", !warned, Long.toString(left), "14d",
                        false)));
        return new CheckResult(UUID.randomUUID(), "shop", "ping", at, phases.sum(), true, 1, List.of(step), null,
                List.of());
    }

    /** One round 10 s on: every region reports, the ones named warned. */
    private void round(List<String> warnedRegions) {
        api.clock.advance(Duration.ofSeconds(10));
        Instant at = api.clock.instant();
        tokens.forEach((region, token) -> {
            api.post("/api/v1/probe/heartbeat", token, "{}");
            assertThat(api.postResults(token, List.of(run(at, warnedRegions.contains(region)))).status())
                    .isEqualTo(200);
        });
        api.api.outages().decideAll();
    }

    private String state() {
        return api.get("/api/v1/outages?check=shop", null).json().get("checks").get(0).get("state").asText();
    }

    @Test
    void warned_runs_in_every_region_degrade_the_check_naming_the_warning_and_its_end_recovers_it() {
        check("{runs: 2}");
        round(List.of());
        round(List.of("eu-west", "us-east"));
        assertThat(receiver.received()).as("one warned run is not yet runs: 2").isEmpty();
        assertThat(state()).isEqualTo("operational");

        round(List.of("eu-west", "us-east"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        Receiver.Received degraded = receiver.accepted().get(0);
        assertThat(degraded.type()).isEqualTo("check.degraded");
        JsonNode data = degraded.json().get("data");
        assertThat(data.get("regions")).extracting(JsonNode::asText).containsExactly("eu-west", "us-east");
        assertThat(data.get("incident").get("errorSummary").asText())
                .startsWith("eu-west: warned: " + WARNING + "432000000; us-east: warned: " + WARNING);
        assertThat(state()).as("passing, but degraded").isEqualTo("degraded");

        round(List.of());
        assertThat(state()).as("one run without the warning is not yet runs: 2").isEqualTo("degraded");
        round(List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted().get(1).type()).isEqualTo("check.recovered");
        assertThat(state()).isEqualTo("operational");
        assertThat(receiver.received()).extracting(Receiver.Received::type)
                .doesNotContain("outage.opened", "regional.failure");
    }

    @Test
    void a_region_that_warns_alone_is_a_regional_warning_even_when_latency_is_not_judged() {
        check("false");
        round(List.of());
        for (int i = 0; i < 3; i++) { // degraded: false keeps runs at its default, 3
            round(List.of("us-east"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        Receiver.Received regional = receiver.accepted().get(0);
        assertThat(regional.type()).isEqualTo("regional.degraded");
        assertThat(regional.json().get("data").get("regions")).extracting(JsonNode::asText).containsExactly("us-east");
        assertThat(regional.json().get("data").get("incident").get("errorSummary").asText())
                .isEqualTo("us-east: warned: " + WARNING + "432000000");
        assertThat(state()).as("one of two regions is below the majority").isEqualTo("operational");
    }
}
