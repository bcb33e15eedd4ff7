package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.local.HookReceiver.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Outage decisions and their webhooks with the real network: the API, the demo site and three
 * probes as processes, a check every second, and a real receiver on loopback that verifies every
 * signature with its own HMAC code. Liveness and retries are set to seconds so that it stays fast.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageWebhookIT {
    private static final Duration EVENT = Duration.ofSeconds(30);
    private LocalNetwork network;
    private HookReceiver receiver;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        Map<String, String> env = Map.of("GLASSPROBE_LIVENESS_LATE_AFTER", "2s", "GLASSPROBE_LIVENESS_DOWN_AFTER", "4s",
                "GLASSPROBE_LIVENESS_EVERY", "500ms", "GLASSPROBE_OUTAGES_EVERY", "500ms",
                "GLASSPROBE_WEBHOOKS_POLL", "100ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "300ms",
                "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "1s", "GLASSPROBE_ROLLUP_EVERY", "1s",
                "GLASSPROBE_OUTAGES_BASELINE_MIN_RUNS", "20");
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-run-" + base), base, LocalNetwork.REGIONS, null,
                true, false, env, List.of("--pull-interval", "1s", "--heartbeat-interval", "1s")), System.out);
        receiver = new HookReceiver();
        JsonNode hook = call("POST", "/api/v1/webhooks", "{\"url\":\"" + receiver.url() + "\",\"events\":["
                + "\"outage.opened\",\"outage.resolved\",\"regional.failure\",\"regional.recovered\","
                + "\"check.degraded\",\"check.recovered\","
                + "\"probe.down\",\"probe.up\"]}", 201);
        receiver.secret(hook.path("secret").asText());
        NetworkFixture.pushPing(network, "site", "[STATUS] == 200");
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

    /** Each test starts with every region voting and the check operational (probes start slowly on a busy machine). */
    @BeforeEach
    void operational() {
        await().atMost(Duration.ofSeconds(120)).until(() -> NetworkFixture.everyRegionOperational(network, "site"));
        receiver.clear();
    }

    /** Whatever a test did, the site is up again and the receiver answers, so that one failure stays its own. */
    @AfterEach
    void restore() throws Exception {
        demo("none");
        receiver.answer(200);
    }

    private JsonNode call(String method, String path, String body, int expect) throws IOException, InterruptedException {
        return NetworkFixture.admin(network, method, path, body, expect);
    }

    private String state() throws IOException, InterruptedException {
        return call("GET", "/api/v1/outages?check=site", null, 200).path("checks").path(0).path("state").asText();
    }

    private void demo(String mode) throws IOException, InterruptedException {
        NetworkFixture.fault(network, "mode=" + mode);
    }

    private static void onceEach(List<Hook> hooks) {
        assertThat(hooks).extracting(Hook::id).doesNotHaveDuplicates();
        assertThat(hooks).allMatch(Hook::verified, "signature verified");
    }

    @Test
    @Order(1)
    void the_site_down_everywhere_is_one_signed_outage_opened_and_back_up_one_outage_resolved() throws Exception {
        demo("down");
        await().atMost(EVENT).until(() -> receiver.accepted("outage.opened").size() == 1);
        Hook opened = receiver.accepted("outage.opened").get(0);
        assertThat(opened.verified()).isTrue();
        assertThat(opened.data().path("check").asText()).isEqualTo("site");
        assertThat(opened.data().path("regions").size()).isGreaterThanOrEqualTo(2);
        demo("none");
        await().atMost(EVENT).until(() -> receiver.accepted("outage.resolved").size() == 1);
        await().atMost(EVENT).until(() -> state().equals("operational"));
        assertThat(receiver.accepted("outage.opened")).hasSize(1);
        assertThat(receiver.accepted("outage.resolved")).hasSize(1);
        assertThat(receiver.accepted("outage.resolved").get(0).data().path("incident").path("id").asText())
                .isEqualTo(opened.data().path("incident").path("id").asText());
        assertThat(receiver.accepted("regional.failure")).as("down everywhere is not also regional").isEmpty();
        onceEach(receiver.accepted());
    }

    @Test
    @Order(2)
    void one_region_failing_alone_is_a_regional_failure_and_no_outage() throws Exception {
        network.probe("ap-south").stop(10);
        network.restartProbe("ap-south", List.of("--var", "target=http://127.0.0.1:1"));
        try {
            await().atMost(EVENT).until(() -> receiver.accepted("regional.failure").size() == 1);
            Hook regional = receiver.accepted("regional.failure").get(0);
            assertThat(regional.verified()).isTrue();
            assertThat(regional.data().path("regions")).extracting(JsonNode::asText).containsExactly("ap-south");
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.accepted("outage.opened").isEmpty());
        } finally {
            network.probe("ap-south").stop(10);
            network.restartProbe("ap-south", List.of());
        }
    }

    @Test
    @Order(3)
    void a_killed_probe_is_probe_down_within_the_grace_and_probe_up_when_back_with_no_false_outage() throws Exception {
        long pid = network.probe("eu-west").pid();
        network.probe("eu-west").kill9();
        try {
            killedAndBack(pid);
        } finally {
            if (!network.probe("eu-west").isAlive()) {
                network.restartProbe("eu-west");
            }
        }
    }

    private void killedAndBack(long pid) throws Exception {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Instant killed = Instant.now();
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted("probe.down").stream()
                .anyMatch(h -> h.data().path("probe").asText().equals(LocalNetwork.probeName("eu-west"))));
        Hook down = receiver.accepted("probe.down").stream()
                .filter(h -> h.data().path("probe").asText().equals(LocalNetwork.probeName("eu-west"))).findFirst()
                .orElseThrow();
        assertThat(Duration.between(killed, down.arrived())).as("4 s down-after, then the watchdog and the sender")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(down.verified()).isTrue();
        network.restartProbe("eu-west");
        await().atMost(EVENT).until(() -> receiver.accepted("probe.up").stream()
                .anyMatch(h -> h.data().path("probe").asText().equals(LocalNetwork.probeName("eu-west"))));
        assertThat(receiver.accepted("outage.opened")).as("a dead probe is no outage").isEmpty();
        onceEach(receiver.accepted());
    }

    @Test
    @Order(4)
    void a_receiver_down_for_a_while_gets_the_events_later_once_each_in_order() throws Exception {
        receiver.answer(503);
        demo("down");
        await().atMost(EVENT).until(() -> receiver.all().stream().anyMatch(h -> h.type().equals("outage.opened")));
        demo("none");
        await().atMost(EVENT).until(() -> state().equals("operational"));
        assertThat(receiver.accepted()).isEmpty();
        receiver.answer(200);
        await().atMost(EVENT).until(() -> receiver.accepted().size() >= 2);
        assertThat(receiver.accepted()).extracting(Hook::type).containsExactly("outage.opened", "outage.resolved");
        onceEach(receiver.accepted());
        assertThat(receiver.all().stream().filter(h -> h.type().equals("outage.opened")).count())
                .as("retried while the receiver answered 503").isGreaterThan(1);
    }

    @Test
    @Order(5)
    void deliveries_pending_when_the_api_stops_are_delivered_after_it_restarts() throws Exception {
        receiver.answer(503);
        demo("down");
        await().atMost(EVENT).until(() -> receiver.all().stream().anyMatch(h -> h.type().equals("outage.opened")));
        network.api().stop(20);
        receiver.answer(200);
        Instant restarted = Instant.now();
        network.restartApi();
        await().atMost(EVENT).until(() -> receiver.accepted("outage.opened").size() == 1);
        assertThat(receiver.accepted("outage.opened").get(0).arrived()).isAfter(restarted);
        demo("none");
        await().atMost(EVENT).until(() -> receiver.accepted("outage.resolved").size() == 1);
        onceEach(receiver.accepted());
        assertThat(receiver.accepted("probe.down")).as("a restarted API hears the probes before it calls them down")
                .isEmpty();
    }

    @Test
    @Order(6)
    void inside_a_maintenance_window_the_site_down_sends_no_outage_webhook() throws Exception {
        Instant now = Instant.now();
        JsonNode window = call("POST", "/api/v1/maintenance", "{\"startsAt\":\"" + now.minusSeconds(1)
                + "\",\"endsAt\":\"" + now.plusSeconds(3600) + "\",\"reason\":\"IT\"}", 201);
        demo("down");
        await().atMost(EVENT).until(() -> state().equals("maintenance"));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> receiver.accepted().stream()
                .noneMatch(h -> h.type().startsWith("outage.") || h.type().equals("regional.failure")));
        call("DELETE", "/api/v1/maintenance/" + window.path("id").asText(), null, 204);
        await().atMost(EVENT).until(() -> receiver.accepted("outage.opened").size() == 1);
        demo("none");
        await().atMost(EVENT).until(() -> receiver.accepted("outage.resolved").size() == 1);
    }

    @Test
    @Order(7)
    void the_demo_slowed_down_against_its_steady_history_is_check_degraded_until_it_is_fast_again() throws Exception {
        NetworkFixture.fault(network, "mode=slow&value=400");
        try {
            await().atMost(EVENT).until(() -> receiver.accepted("check.degraded").size() == 1);
            Hook degraded = receiver.accepted("check.degraded").get(0);
            assertThat(degraded.verified()).isTrue();
            assertThat(degraded.data().path("incident").path("errorSummary").asText()).contains("baseline");
            // a slowdown that lasts (30 more rounds) stays
            // degraded: its own slow runs do not become the baseline it is measured against
            await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(35))
                    .until(() -> receiver.accepted("check.recovered").isEmpty());
            assertThat(state()).isEqualTo("degraded");
        } finally {
            demo("none");
        }
        await().atMost(EVENT).until(() -> receiver.accepted("check.recovered").size() == 1);
    }

    private static boolean isEnd(Hook h) {
        return h.type().equals("outage.resolved") || h.type().equals("regional.recovered");
    }

    private List<Hook> incidentNotices() {
        return receiver.accepted().stream().filter(h -> h.type().startsWith("outage.")
                || h.type().startsWith("regional.")).toList();
    }

    /**
     * The demo site failing every second request for a minute (60 rounds of the 1 s check, more
     * than 4 minutes of a 5 s one): at most two notices while it lasts, however its failures fall
     * on the regions round by round, and an all-clear for whatever was opened once it is over.
     */
    @Test
    @Order(8)
    void a_flaky_site_is_one_incident_with_its_all_clear_not_a_storm() throws Exception {
        demo("flaky&value=50");
        Instant until = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(until)) {
            assertThat(incidentNotices()).as("notices while flaky: %s", incidentNotices()).hasSizeLessThanOrEqualTo(2);
            Thread.sleep(500);
        }
        List<Hook> during = incidentNotices();
        assertThat(during).as("a site failing half its requests is reported").isNotEmpty();
        demo("none");
        await().atMost(Duration.ofSeconds(60)).until(() -> state().equals("operational"));
        await().atMost(EVENT).until(() -> !incidentNotices().isEmpty()
                && isEnd(incidentNotices().get(incidentNotices().size() - 1)));
        Thread.sleep(2000); // time for one too many to arrive
        List<Hook> all = incidentNotices();
        for (int k = 0; k < all.size(); k++) {
            Hook h = all.get(k);
            if (isEnd(h)) {
                continue;
            }
            String id = h.data().path("incident").path("id").asText();
            List<Hook> later = all.subList(k + 1, all.size());
            assertThat(later).as("%s is followed by its all-clear, or grew into an outage: %s", h.type(), all)
                    .anyMatch(n -> isEnd(n) && n.data().path("incident").path("id").asText().equals(id)
                            || h.type().equals("regional.failure") && n.type().equals("outage.opened"));
        }
        JsonNode last = all.get(all.size() - 1).data().path("incident");
        assertThat(last.path("failedRuns").asDouble() / last.path("runs").asDouble())
                .as("the all-clear tells how often it failed: %s", last).isBetween(0.2, 0.8);
        onceEach(receiver.accepted());
    }

    /** Down and up every 1.5 s for 30 s: one outage, opened at once, held open while it flaps, ended once. */
    @Test
    @Order(9)
    void a_site_down_and_up_every_one_and_a_half_seconds_is_reported_once_and_ended_once() throws Exception {
        Instant began = Instant.now();
        for (int i = 0; i < 10; i++) {
            demo("down");
            Thread.sleep(1500);
            demo("none");
            Thread.sleep(1500);
        }
        List<Hook> opened = receiver.accepted("outage.opened");
        assertThat(opened).as("reported, not hidden by the flap control").hasSize(1);
        assertThat(Duration.between(began, opened.get(0).arrived())).isLessThan(Duration.ofSeconds(10));
        assertThat(receiver.accepted("outage.resolved")).as("no all-clear while it flaps").isEmpty();
        await().atMost(EVENT).until(() -> receiver.accepted("outage.resolved").size() == 1);
        Hook resolved = receiver.accepted("outage.resolved").get(0);
        assertThat(resolved.data().path("incident").path("id").asText())
                .isEqualTo(opened.get(0).data().path("incident").path("id").asText());
        assertThat(resolved.data().path("incident").path("flapping").asBoolean()).isTrue();
        assertThat(resolved.data().path("incident").path("flaps").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(receiver.accepted("regional.failure")).isEmpty();
        onceEach(receiver.accepted());
    }

    /** A site back 3 s before its maintenance window ends: the end of the window is no page. */
    @Test
    @Order(10)
    void a_site_back_before_its_window_ends_gets_no_notice_when_the_window_ends() throws Exception {
        Instant now = Instant.now();
        Instant ends = now.plusSeconds(15);
        call("POST", "/api/v1/maintenance", "{\"startsAt\":\"" + now.minusSeconds(1) + "\",\"endsAt\":\"" + ends
                + "\",\"reason\":\"IT window end\"}", 201);
        demo("down");
        await().atMost(EVENT).until(() -> state().equals("maintenance"));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), ends.minusSeconds(3)).toMillis()));
        demo("none");
        await().atMost(EVENT).until(() -> Instant.now().isAfter(ends) && state().equals("operational"));
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                .until(() -> incidentNotices().isEmpty());
    }
}
