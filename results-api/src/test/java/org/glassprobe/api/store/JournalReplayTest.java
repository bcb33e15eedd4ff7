package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glassprobe.api.MutableClock;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of journaled write, done through the API, then replayed from the journal alone into
 * an empty database (as if H2 had lost all of it), gives the same state: what each route shows is
 * the same, and a second replay changes nothing.
 */
class JournalReplayTest {
    private static final Map<String, String> ENV = Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
            "GLASSPROBE_LIVENESS_EVERY", "5s");

    @TempDir
    Path dir;

    @Test
    void the_journal_alone_rebuilds_what_the_api_acknowledged_and_announced() throws IOException {
        Instant start = Instant.parse("2026-03-02T10:00:30Z");
        Map<String, String> before;
        try (TestApi api = new TestApi(dir.resolve("first"), ENV, new MutableClock(start))) {
            String keep = api.enrol("keep-1", "eu-west");
            api.enrol("gone-1", "us-east");
            assertThat(api.delete("/api/v1/probes/gone-1", TestApi.ADMIN).status()).isEqualTo(204);
            String renewed = api.post("/api/v1/probes/keep-1/token", TestApi.ADMIN, "{}").json().get("token").asText();
            assertThat(api.post("/api/v1/probe/heartbeat", keep, "{}").status()).as("the old token").isEqualTo(401);
            assertThat(api.post("/api/v1/probe/heartbeat", renewed, "{\"version\":\"7.1\",\"clock\":\""
                    + start + "\"}").status()).isEqualTo(200);
            api.pushPing("site", "eu-west");
            api.pushPing("dropped");
            assertThat(api.delete("/api/v1/checks/dropped", TestApi.ADMIN).status()).isEqualTo(204);
            assertThat(api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"http://127.0.0.1:9/hook\","
                    + "\"events\":[\"outage.opened\",\"probe.down\"]}").status())
                    .isEqualTo(201);
            String gone = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"http://127.0.0.1:9/other\","
                    + "\"events\":[\"probe.up\"]}").json()
                    .get("id").asText();
            assertThat(api.delete("/api/v1/webhooks/" + gone, TestApi.ADMIN).status()).isEqualTo(204);
            assertThat(api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"check\":\"site\",\"startsAt\":\""
                    + start.plus(Duration.ofDays(1)) + "\",\"endsAt\":\"" + start.plus(Duration.ofDays(2))
                    + "\",\"reason\":\"move\"}").status()).isEqualTo(201);
            String dropped = api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"startsAt\":\""
                    + start.plus(Duration.ofDays(3)) + "\",\"endsAt\":\"" + start.plus(Duration.ofDays(4)) + "\"}")
                    .json().get("id").asText();
            assertThat(api.delete("/api/v1/maintenance/" + dropped, TestApi.ADMIN).status()).isEqualTo(204);
            assertThat(api.postResults(renewed, List.of(TestApi.result("site", start, false))).status())
                    .isEqualTo(200);
            assertThat(api.get("/api/v1/outages?check=site", null).json().get("incidents")).hasSize(1);
            for (int i = 0; i < 8; i++) { // the probe falls silent while the API hears: late
                api.clock.advance(Duration.ofSeconds(5));
                api.api.liveness().evaluate();
            }
            api.api.outages().decideAll(); // as the restarted API's decisions job does at its start
            before = state(api);
            assertThat(before.get("probes")).contains("late");
        }
        Path second = dir.resolve("second");
        copy(dir.resolve("first").resolve("journal"), second.resolve("journal"));
        Files.writeString(second.resolve("journal").resolve("open"), "died\n");
        try (TestApi api = new TestApi(second, ENV, new MutableClock(start.plusSeconds(40)))) {
            assertThat(state(api)).isEqualTo(before);
        }
        Files.writeString(second.resolve("journal").resolve("open"), "died again\n");
        try (TestApi api = new TestApi(second, ENV, new MutableClock(start.plusSeconds(40)))) {
            assertThat(state(api)).as("a second replay changes nothing").isEqualTo(before);
        }
    }

    /** What the routes show, without what is this process's own (ports, generated links). */
    private static Map<String, String> state(TestApi api) {
        Map<String, String> s = new LinkedHashMap<>();
        JsonNode probes = api.get("/api/v1/probes", TestApi.ADMIN).json().get("probes");
        s.put("probes", probes.toString());
        s.put("events", api.get("/api/v1/probes/keep-1/events", TestApi.ADMIN).json().get("events").toString());
        s.put("checks", api.get("/api/v1/checks", TestApi.ADMIN).json().toString());
        s.put("site", api.get("/api/v1/checks/site", TestApi.ADMIN).json().toString());
        s.put("webhooks", api.get("/api/v1/webhooks", TestApi.ADMIN).json().toString());
        s.put("maintenance", api.get("/api/v1/maintenance", TestApi.ADMIN).json().toString());
        s.put("results", api.get("/api/v1/checks/site/results?from=2000-01-01T00:00:00Z", TestApi.ADMIN).json()
                .get("results").toString());
        s.put("outages", api.get("/api/v1/outages?check=site&kind=all", null).json().toString());
        String hook = api.get("/api/v1/webhooks", TestApi.ADMIN).json().get("webhooks").get(0).get("id").asText();
        JsonNode deliveries = api.get("/api/v1/webhooks/" + hook + "/deliveries", TestApi.ADMIN).json()
                .get("deliveries");
        StringBuilder messages = new StringBuilder();
        deliveries.forEach(d -> messages.append(d.get("messageId").asText()).append(' ')
                .append(d.get("type").asText()).append('\n'));
        s.put("outbox", messages.toString());
        return s;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().endsWith(".log")) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }
}
