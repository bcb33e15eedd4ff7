package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassprobe.local.HookReceiver.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Confirmation runs with the real network: the API, the demo site and three probes as processes,
 * each probe holding its command channel open, a webhook receiver that verifies every signature.
 * The checks run every 10 s, so that a confirmation (within a second) and a schedule (up to 10 s)
 * are told apart; the demo site fails for one region (by the X-Demo-Region header each probe sends)
 * or for all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfirmationIT {
    private static final Duration EVENT = Duration.ofSeconds(60);
    private static final int BUDGET = 4;
    private LocalNetwork network;
    private HookReceiver receiver;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        Map<String, String> env = Map.of("GLASSPROBE_LIVENESS_LATE_AFTER", "2s", "GLASSPROBE_LIVENESS_DOWN_AFTER", "4s",
                "GLASSPROBE_LIVENESS_EVERY", "500ms", "GLASSPROBE_OUTAGES_EVERY", "500ms",
                "GLASSPROBE_WEBHOOKS_POLL", "100ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "300ms",
                "GLASSPROBE_OUTAGES_CONFIRM_MAX_RUNS_PER_MINUTE", Integer.toString(BUDGET));
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-confirm-" + base), base, LocalNetwork.REGIONS, null,
                true, false, env, List.of("--pull-interval", "1s", "--heartbeat-interval", "1s")), System.out);
        receiver = new HookReceiver();
        JsonNode hook = NetworkFixture.admin(network, "POST", "/api/v1/webhooks", "{\"url\":\"" + receiver.url()
                + "\",\"events\":[\"outage.opened\",\"outage.resolved\",\"regional.failure\",\"regional.recovered\"]}",
                201);
        receiver.secret(hook.path("secret").asText());
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @AfterEach
    void restore() throws Exception {
        NetworkFixture.fault(network, "mode=none");
    }

    /** A ping of the demo site every 10 s that tells the site its region; min-open and reopen-within 0 keep tests apart. */
    private void push(String name) throws IOException, InterruptedException {
        pushOnly(name);
        await().atMost(Duration.ofSeconds(120)).until(() -> NetworkFixture.everyRegionOperational(network, name));
    }

    private void pushOnly(String name) throws IOException, InterruptedException {
        String text = "name: " + name + "\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 1\n"
                + "variables: {target: ~}\n"
                + "http: {url: \"${target}/health\", headers: {X-Demo-Region: \"${probe.region}\"}}\n"
                + "expect: [\"[STATUS] == 200\"]\noutage: {min-open: 0s, reopen-within: 0s}\n";
        network.admin().putCheck(name, name + ".yaml", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private JsonNode rounds(String check) throws IOException, InterruptedException {
        return NetworkFixture.admin(network, "GET", "/api/v1/checks/" + check + "/confirmations", null, 200)
                .path("rounds");
    }

    private List<Hook> hooks(String type, String check) {
        return receiver.accepted(type).stream().filter(h -> check.equals(h.data().path("check").asText())).toList();
    }

    @Test
    @Order(1)
    void one_region_failing_alone_stays_a_regional_failure_after_its_confirmation_round() throws Exception {
        push("alone");
        receiver.clear();
        NetworkFixture.fault(network, "mode=down&region=ap-south");
        await("regional.failure").atMost(EVENT).until(() -> !hooks("regional.failure", "alone").isEmpty());
        Hook regional = hooks("regional.failure", "alone").get(0);
        assertThat(regional.verified()).isTrue();
        JsonNode round = rounds("alone").get(0);
        assertThat(round.path("reason").asText()).isEqualTo("failure");
        assertThat(round.path("trigger").path("region").asText()).isEqualTo("ap-south");
        assertThat(round.path("asked")).extracting(a -> a.path("region").asText())
                .containsExactlyInAnyOrder("eu-west", "us-east");
        assertThat(round.path("asked")).allSatisfy(a -> {
            assertThat(a.path("ok").asBoolean()).as("the other regions reach the site").isTrue();
            assertThat(Instant.parse(a.path("answeredAt").asText()))
                    .as("announced only after the round's answers").isBeforeOrEqualTo(regional.arrived());
            assertThat(Duration.between(Instant.parse(round.path("createdAt").asText()),
                    Instant.parse(a.path("answeredAt").asText()))).as("answered at once, not at the next schedule")
                    .isLessThan(Duration.ofSeconds(5));
        });
        Thread.sleep(3_000);
        assertThat(hooks("outage.opened", "alone")).as("one region is no outage").isEmpty();
        List<JsonNode> confirmations = new ArrayList<>();
        for (JsonNode r : network.admin().results("alone")) {
            if (r.path("result").has("confirmation")) {
                confirmations.add(r.path("result"));
            }
        }
        assertThat(confirmations).as("confirmation runs are stored results, marked").isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("confirmation").path("round").asText()).isNotBlank());
        NetworkFixture.fault(network, "mode=none");
        await("regional.recovered").atMost(EVENT).until(() -> !hooks("regional.recovered", "alone").isEmpty());
    }

    @Test
    @Order(2)
    void every_region_failing_opens_one_outage_once() throws Exception {
        push("all");
        receiver.clear();
        NetworkFixture.fault(network, "mode=down");
        await("outage.opened").atMost(EVENT).until(() -> !hooks("outage.opened", "all").isEmpty());
        Thread.sleep(6_000); // the confirmations' answers arrive meanwhile
        assertThat(hooks("outage.opened", "all")).hasSize(1);
        assertThat(hooks("regional.failure", "all")).as("announced once, as an outage").isEmpty();
        NetworkFixture.fault(network, "mode=none");
        await("outage.resolved").atMost(EVENT).until(() -> !hooks("outage.resolved", "all").isEmpty());
        assertThat(hooks("outage.resolved", "all")).hasSize(1);
    }

    @Test
    @Order(3)
    void a_probe_that_is_down_is_not_asked() throws Exception {
        push("downed");
        network.probe("us-east").kill9();
        try {
            await("us-east down").atMost(EVENT).until(() -> NetworkFixture.admin(network, "GET", "/api/v1/probes", null,
                    200).findValuesAsText("status").contains("down"));
            int before = rounds("downed").size();
            NetworkFixture.fault(network, "mode=down&region=ap-south");
            await("a round").atMost(EVENT).until(() -> rounds("downed").size() > before);
            JsonNode round = rounds("downed").get(0);
            assertThat(round.path("asked")).extracting(a -> a.path("region").asText()).containsExactly("eu-west");
        } finally {
            NetworkFixture.fault(network, "mode=none");
            network.restartProbe("us-east");
        }
    }

    @Test
    @Order(4)
    void a_storm_of_failures_asks_each_probe_at_most_its_budget_per_minute() throws Exception {
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            checks.add("storm-" + i);
            pushOnly("storm-" + i);
        }
        for (String check : checks) {
            await().atMost(Duration.ofSeconds(120)).until(() -> NetworkFixture.everyRegionOperational(network, check));
        }
        Instant from = Instant.now();
        double ranBefore = NetworkFixture.metric(network, "eu-west", "glassprobe_probe_confirmations_total",
                "outcome=\"ran\"");
        NetworkFixture.fault(network, "mode=down&region=ap-south");
        Thread.sleep(25_000); // every check fails in ap-south at least twice
        NetworkFixture.fault(network, "mode=none");
        List<Instant> asked = new ArrayList<>();
        int rounds = 0;
        List<String> every = new ArrayList<>(checks);
        every.addAll(List.of("alone", "all", "downed")); // the region's fault fails them too
        for (String check : every) {
            for (JsonNode round : rounds(check)) {
                if (Instant.parse(round.path("createdAt").asText()).isBefore(from)) {
                    continue;
                }
                rounds += checks.contains(check) ? 1 : 0;
                for (JsonNode a : round.path("asked")) {
                    if (a.path("region").asText().equals("eu-west")) {
                        asked.add(Instant.parse(round.path("createdAt").asText()));
                    }
                }
            }
        }
        asked.sort(null);
        assertThat(rounds).as("a round per check failing in ap-south").isGreaterThanOrEqualTo(checks.size());
        for (Instant t : asked) {
            long inMinute = asked.stream().filter(x -> !x.isBefore(t) && x.isBefore(t.plusSeconds(60))).count();
            assertThat(inMinute).as("eu-west asked in the minute from " + t).isLessThanOrEqualTo(BUDGET);
        }
        assertThat(asked).as("the budget is used, within its bound").isNotEmpty().hasSizeLessThanOrEqualTo(BUDGET);
        double ran = NetworkFixture.metric(network, "eu-west", "glassprobe_probe_confirmations_total",
                "outcome=\"ran\"") - ranBefore;
        assertThat(ran).as("the probe ran what it was asked, no more").isLessThanOrEqualTo(asked.size());
    }
}
