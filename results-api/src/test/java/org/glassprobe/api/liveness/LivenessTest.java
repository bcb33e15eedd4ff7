package org.glassprobe.api.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
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
            assertThat(up.get("lastHeartbeatAt").asText()).isEqualTo(api.clock.instant().toString());

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
            assertThat(events.get(0).get("at").asText()).isEqualTo("2026-03-02T10:07:00Z");
            assertThat(events.get(1).get("at").asText()).isEqualTo("2026-03-02T10:02:00Z");
            assertThat(events.get(2).get("at").asText()).isEqualTo("2026-03-02T10:01:00Z");
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
        try (TestApi api = new TestApi(dir, Map.of("GLASSPROBE_LIVENESS_EVERY", "200ms"))) {
            String token = api.enrol("eu-3", "eu-west");
            api.post("/api/v1/probe/heartbeat", token, "{}");
            // time passes while the watchdog keeps looking (a jump of two minutes would be a freeze)
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(25)).untilAsserted(() -> {
                api.clock.advance(Duration.ofMillis(500));
                assertThat(probe(api, "eu-3").get("status").asText()).isEqualTo("down");
            });
            assertThat(api.get("/readyz", null).json().get("jobs").asText()).isEqualTo("running");
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
