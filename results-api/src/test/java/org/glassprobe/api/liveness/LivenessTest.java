package org.glassprobe.api.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.MutableClock;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.Timestamps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivenessTest {
    @TempDir
    Path dir;

    private static JsonNode probe(TestApi api, String name) {
        for (JsonNode p : api.get("/api/v1/probes", TestApi.ADMIN).json().get("probes")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no probe " + name);
    }

    @Test
    void a_silent_probe_goes_late_then_down_and_up_again_with_each_change_recorded_at_its_time() {
        try (TestApi api = new TestApi(dir)) {
            String token = api.enrol("eu-1", "eu-west");
            assertThat(probe(api, "eu-1").get("status").asText()).isEqualTo("new");
            assertThat(api.api.liveness().evaluate()).as("never heard from: new, not down").isEmpty();

            String clock = api.clock.instant().plusMillis(1500).toString();
            TestApi.Answer beat = api.post("/api/v1/probe/heartbeat", token, "{\"version\":\"0.1.0\",\"startedAt\":"
                    + "\"2026-03-02T09:00:00Z\",\"spoolDepth\":7,\"checksRunning\":2,\"lastError\":\"dns failed\","
                    + "\"clock\":\"" + clock + "\",\"latenessP50Ms\":1.5,\"latenessP99Ms\":20,\"missedRuns\":1,"
                    + "\"futureField\":\"ignored\"}");
            assertThat(beat.status()).as(beat.body()).isEqualTo(200);
            JsonNode up = probe(api, "eu-1");
            assertThat(up.get("status").asText()).isEqualTo("up");
            assertThat(up.get("version").asText()).isEqualTo("0.1.0");
            assertThat(up.get("spoolDepth").asLong()).isEqualTo(7);
            assertThat(up.get("clockSkewMs").asLong()).isEqualTo(1500);
            assertThat(up.get("lastError").asText()).isEqualTo("dns failed");
            assertThat(up.get("lastHeartbeatAt").asText()).isEqualTo(Timestamps.format(api.clock.instant()));

            api.clock.advance(Duration.ofSeconds(29));
            assertThat(api.api.liveness().evaluate()).isEmpty();
            api.clock.advance(Duration.ofSeconds(1));
            List<ProbeEvent> late = api.api.liveness().evaluate();
            assertThat(late).singleElement().satisfies(e -> {
                assertThat(e.to()).isEqualTo(ProbeStatus.LATE);
                assertThat(e.at()).isEqualTo(api.clock.instant());
            });
            assertThat(probe(api, "eu-1").get("status").asText()).isEqualTo("late");
            assertThat(api.get("/metrics", TestApi.ADMIN).body())
                    .contains("glassprobe_probe_up{probe=\"eu-1\",region=\"eu-west\"} 0.0");

            api.clock.advance(Duration.ofSeconds(60));
            assertThat(api.api.liveness().evaluate()).singleElement()
                    .satisfies(e -> assertThat(e.to()).isEqualTo(ProbeStatus.DOWN));
            assertThat(api.api.liveness().evaluate()).as("down stays down without a new event").isEmpty();

            api.clock.advance(Duration.ofMinutes(5));
            api.post("/api/v1/probe/heartbeat", token, "{}");
            assertThat(probe(api, "eu-1").get("status").asText()).isEqualTo("up");
            assertThat(api.get("/metrics", TestApi.ADMIN).body())
                    .contains("glassprobe_probe_up{probe=\"eu-1\",region=\"eu-west\"} 1.0");

            JsonNode events = api.get("/api/v1/probes/eu-1/events", TestApi.ADMIN).json().get("events");
            assertThat(events).hasSize(4);
            assertThat(events.findValuesAsText("to")).containsExactly("up", "down", "late", "up");
            assertThat(events.get(0).get("at").asText()).isEqualTo("2026-03-02T10:07:00.000Z");
            assertThat(events.get(1).get("at").asText()).isEqualTo("2026-03-02T10:02:00.000Z");
            assertThat(events.get(2).get("at").asText()).isEqualTo("2026-03-02T10:01:00.000Z");
        }
    }

    @Test
    void a_probe_that_skipped_late_while_the_watchdog_was_away_goes_straight_down() {
        try (TestApi api = new TestApi(dir)) {
            String token = api.enrol("eu-2", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{}");
            api.clock.advance(Duration.ofMinutes(10));
            assertThat(api.api.liveness().evaluate()).singleElement().satisfies(e -> {
                assertThat(e.from()).isEqualTo(ProbeStatus.UP);
                assertThat(e.to()).isEqualTo(ProbeStatus.DOWN);
            });
        }
    }

    @Test
    void the_quartz_watchdog_marks_a_silent_probe_down_on_its_own() {
        // the shortest thresholds, so that the real watchdog, looking every 200 ms, decides within a second
        try (TestApi api = new TestApi(dir, Map.of("GLASSPROBE_LIVENESS_EVERY", "200ms",
                "GLASSPROBE_LIVENESS_LATE_AFTER", "1s", "GLASSPROBE_LIVENESS_DOWN_AFTER", "2s"))) {
            String token = api.enrol("eu-3", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{}");
            // time passes while the watchdog keeps looking (a jump of over 5 s between two looks would be a freeze)
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(25)).untilAsserted(() -> {
                api.clock.advance(Duration.ofMillis(500));
                assertThat(probe(api, "eu-3").get("status").asText()).isEqualTo("down");
            });
            assertThat(api.get("/readyz", null).json().get("jobs").asText()).isEqualTo("running");
        }
    }

    /** The watchdog's looks every 5 s for {@code seconds}, the clock moving with them. */
    private static void watch(TestApi api, int seconds) {
        for (int s = 0; s < seconds; s += 5) {
            api.clock.advance(Duration.ofSeconds(5));
            api.api.liveness().evaluate();
        }
    }

    private static List<String> transitions(TestApi api, String probe) {
        List<String> seen = new java.util.ArrayList<>();
        api.get("/api/v1/probes/" + probe + "/events", TestApi.ADMIN).json().get("events")
                .forEach(e -> seen.add(0, Instant.parse(e.get("at").asText()) + " " + e.get("to").asText()));
        return seen;
    }

    @Test
    void time_the_api_could_not_hear_counts_as_no_probes_silence() {
        try (TestApi api = new TestApi(dir, Map.of("GLASSPROBE_LIVENESS_EVERY", "5s"))) {
            String token = api.enrol("eu-5", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{}");
            api.api.liveness().evaluate();
            watch(api, 10);
            api.clock.advance(Duration.ofSeconds(100)); // frozen (or stopped, or without its database)
            assertThat(api.api.liveness().evaluate()).as("a freeze of 100 s is not 100 s of silence").isEmpty();
            assertThat(probe(api, "eu-5").get("status").asText()).isEqualTo("up");
            watch(api, 15);
            assertThat(probe(api, "eu-5").get("status").asText()).as("25 s heard").isEqualTo("up");
            watch(api, 5);
            assertThat(probe(api, "eu-5").get("status").asText()).as("30 s heard").isEqualTo("late");
            watch(api, 55);
            assertThat(probe(api, "eu-5").get("status").asText()).as("85 s heard").isEqualTo("late");
            watch(api, 5);
            assertThat(probe(api, "eu-5").get("status").asText()).as("90 s heard").isEqualTo("down");
            assertThat(transitions(api, "eu-5")).containsExactly("2026-03-02T10:00:30Z up",
                    "2026-03-02T10:02:40Z late", "2026-03-02T10:03:40Z down");
        }
    }

    @Test
    void a_restart_quicker_than_the_deaf_gap_is_no_probes_silence_either() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:30Z"));
        Map<String, String> env = Map.of("GLASSPROBE_LIVENESS_EVERY", "5s", "GLASSPROBE_LIVENESS_LATE_AFTER", "6s",
                "GLASSPROBE_LIVENESS_DOWN_AFTER", "10s");
        try (TestApi api = new TestApi(dir, env, clock)) {
            String token = api.enrol("eu-9", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{}");
            clock.advance(Duration.ofSeconds(4));
            assertThat(api.api.liveness().evaluate()).isEmpty();
        }
        // stopped 8 s (less than the 15 s gap that makes deaf time between two looks of one API);
        // the probe's heartbeats failed meanwhile: 12 s since its last one, 4 s of them heard
        clock.advance(Duration.ofSeconds(8));
        try (TestApi api = new TestApi(dir, env, clock)) {
            assertThat(api.api.liveness().evaluate()).as("the restarted API's first look").isEmpty();
            assertThat(probe(api, "eu-9").get("status").asText()).isEqualTo("up");
            clock.advance(Duration.ofSeconds(3));
            assertThat(api.api.liveness().evaluate()).extracting(e -> e.to().wireName()).containsExactly("late");
        }
    }

    @Test
    void a_probe_that_is_down_is_not_made_late_nor_announced_down_again_after_restarts() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:30Z"));
        Map<String, String> env = Map.of("GLASSPROBE_LIVENESS_EVERY", "5s");
        try (TestApi api = new TestApi(dir, env, clock)) {
            String token = api.enrol("eu-6", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{}");
            watch(api, 100);
            assertThat(probe(api, "eu-6").get("status").asText()).isEqualTo("down");
        }
        for (int restart = 0; restart < 2; restart++) {
            clock.advance(Duration.ofMinutes(10));
            try (TestApi api = new TestApi(dir, env, clock)) {
                watch(api, 200);
                assertThat(probe(api, "eu-6").get("status").asText()).isEqualTo("down");
                assertThat(transitions(api, "eu-6")).containsExactly("2026-03-02T10:00:30Z up",
                        "2026-03-02T10:01:00Z late", "2026-03-02T10:02:00Z down");
            }
        }
    }

    @Test
    void a_heartbeat_held_in_a_queue_while_the_api_could_not_hear_brings_no_probe_back_up() {
        try (TestApi api = new TestApi(dir, Map.of("GLASSPROBE_LIVENESS_EVERY", "5s"))) {
            String token = api.enrol("eu-7", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{\"clock\":\"" + api.clock.instant() + "\"}");
            watch(api, 100);
            assertThat(probe(api, "eu-7").get("status").asText()).isEqualTo("down");

            Instant sent = api.clock.instant();
            api.clock.advance(Duration.ofSeconds(60)); // the API froze; the probe sent, then died
            assertThat(api.post("/api/v1/probe/heartbeat", token, "{\"clock\":\"" + sent + "\"}").status())
                    .isEqualTo(200);
            JsonNode held = probe(api, "eu-7");
            assertThat(held.get("status").asText()).as("old news brings nobody up").isEqualTo("down");
            assertThat(held.get("lastHeartbeatAt").asText()).as("it was alive when it sent").isEqualTo(Timestamps.format(sent));
            assertThat(held.get("clockSkewMs").asLong()).as("a held heartbeat does not change the skew").isZero();
            watch(api, 30);
            assertThat(probe(api, "eu-7").get("status").asText()).isEqualTo("down");

            assertThat(api.post("/api/v1/probe/heartbeat", token, "{\"clock\":\"" + api.clock.instant() + "\"}")
                    .status()).isEqualTo(200);
            assertThat(probe(api, "eu-7").get("status").asText()).as("a fresh one does").isEqualTo("up");
        }
    }

    @Test
    void a_late_heartbeat_without_deaf_time_in_between_is_a_clock_that_moved_and_counts_as_fresh() {
        try (TestApi api = new TestApi(dir, Map.of("GLASSPROBE_LIVENESS_EVERY", "5s"))) {
            String token = api.enrol("eu-8", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{\"clock\":\"" + api.clock.instant() + "\"}");
            watch(api, 100);
            // the probe's clock was set back a minute; the API heard all along: it is simply back
            Instant behind = api.clock.instant().minusSeconds(60);
            api.post("/api/v1/probe/heartbeat", token, "{\"clock\":\"" + behind + "\"}");
            JsonNode back = probe(api, "eu-8");
            assertThat(back.get("status").asText()).isEqualTo("up");
            assertThat(back.get("clockSkewMs").asLong()).isEqualTo(-60_000);
        }
    }

    @Test
    void bad_heartbeats_are_refused_with_the_field_named() {
        try (TestApi api = new TestApi(dir)) {
            String token = api.enrol("eu-4", "eu-west");
            TestApi.Answer a = api.post("/api/v1/probe/heartbeat", token, "{\"spoolDepth\":\"many\"}");
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).contains("spoolDepth");
            assertThat(api.post("/api/v1/probe/heartbeat", token, "{\"clock\":\"noon\"}").body()).contains("clock");
            assertThat(api.post("/api/v1/probe/heartbeat", token, "not json").status()).isEqualTo(400);
            assertThat(probe(api, "eu-4").get("status").asText()).isEqualTo("new");
        }
    }
}
