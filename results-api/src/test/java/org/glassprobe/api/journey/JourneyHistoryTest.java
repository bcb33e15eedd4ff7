package org.glassprobe.api.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.journey.JourneyResults.SHA_A;
import static org.glassprobe.api.journey.JourneyResults.batch;
import static org.glassprobe.api.journey.JourneyResults.reader;
import static org.glassprobe.api.journey.JourneyResults.writer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.glassprobe.api.MutableClock;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journeys over time, through the real API: propagation keeps hour figures once the raw reads
 * expire, and an acknowledged result's journey rows come back from the journal alone.
 */
class JourneyHistoryTest {
    private static final Instant START = Instant.parse("2026-03-02T10:00:30Z");

    @TempDir
    Path dir;

    private static String propagation(TestApi api, String from, String to) {
        TestApi.Answer a = api.get("/api/v1/checks/history/propagation?from=" + from + "&to=" + to, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json().get("regions").toString();
    }

    @Test
    void propagation_keeps_hour_figures_after_the_raw_reads_expire() {
        try (TestApi api = new TestApi(dir, Map.of(), new MutableClock(START))) {
            Map<String, String> probes = api.enrolBeating(List.of("eu-west", "us-east"));
            api.pushPing("history", "eu-west", "us-east");
            Instant round = Instant.parse("2026-03-02T10:00:00Z");
            double[] ms = {900, 1500, 2500, 4000};
            for (int k = 0; k < ms.length; k++) {
                Instant r = round.plusSeconds(30L * k - 120);
                UUID object = UUID.randomUUID();
                assertThat(api.post("/api/v1/probe/results", probes.get("eu-west"),
                        batch(List.of(writer("history", object, r, SHA_A)))).status()).isEqualTo(200);
                assertThat(api.post("/api/v1/probe/results", probes.get("us-east"),
                        batch(List.of(reader("history", object, "eu-west", r, ms[k], k != 3)))).status())
                        .isEqualTo(200);
            }
            String day = "2026-03-02T00:00:00Z";
            String nextDay = "2026-03-03T00:00:00Z";
            JsonNode raw = JourneyResults.json(propagation(api, day, nextDay));
            assertThat(raw.get(0).get("series")).hasSize(4);
            assertThat(raw.get(0).get("p50Ms").asDouble()).isEqualTo(1500.0);

            api.clock.advance(Duration.ofDays(8)); // past the raw retention (7 days)
            assertThat(api.api.journeyRollups().rollUp()).isEqualTo(4);
            JourneyStore.Deleted deleted = api.api.journeyRollups().deleteExpired();
            assertThat(deleted.reads()).isEqualTo(4);
            assertThat(deleted.objects()).as("the newest object is kept for readers").isEqualTo(3);

            JsonNode hours = JourneyResults.json(propagation(api, day, nextDay));
            JsonNode us = hours.get(0);
            assertThat(us.get("region").asText()).isEqualTo("us-east");
            assertThat(us.get("series")).as("no raw read is left").isEmpty();
            assertThat(us.get("reads").asLong()).isEqualTo(4);
            assertThat(us.get("count").asLong()).isEqualTo(4);
            assertThat(us.get("notReadInTime").asLong()).isEqualTo(1);
            assertThat(us.get("maxMs").asDouble()).isEqualTo(4000.0);
            assertThat(us.get("p50Ms").asDouble()).as("within 1 % of 1500").isBetween(1485.0, 1515.0);
            assertThat(us.get("hours")).extracting(h -> h.get("start").asText())
                    .containsExactly("2026-03-02T09:00:00.000Z");
            assertThat(us.get("hours").get(0).get("reads").asLong()).isEqualTo(4);
            assertThat(api.get("/api/v1/probe/journeys/history", probes.get("us-east")).json().get("object")
                    .isNull()).isFalse();
        }
    }

    @Test
    void an_acknowledged_results_journey_rows_come_back_from_the_journal_alone() throws IOException {
        String before;
        String newest;
        Instant round = Instant.parse("2026-03-02T10:00:00Z");
        try (TestApi api = new TestApi(dir.resolve("first"), Map.of(), new MutableClock(START))) {
            Map<String, String> probes = api.enrolBeating(List.of("eu-west", "us-east"));
            api.pushPing("history", "eu-west", "us-east");
            UUID object = UUID.randomUUID();
            assertThat(api.post("/api/v1/probe/results", probes.get("eu-west"),
                    batch(List.of(writer("history", UUID.randomUUID(), round.minusSeconds(30), "0a1b".repeat(16)),
                            writer("history", object, round, SHA_A)))).status()).isEqualTo(200);
            assertThat(api.post("/api/v1/probe/results", probes.get("us-east"),
                    batch(List.of(reader("history", object, "eu-west", round, 2013.0, true)))).status())
                    .isEqualTo(200);
            before = propagation(api, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z");
            newest = api.get("/api/v1/probe/journeys/history", probes.get("us-east")).body();
            assertThat(before).contains("2013.0");
            assertThat(newest).contains(object.toString());
        }
        Path second = dir.resolve("second");
        copyJournal(dir.resolve("first").resolve("journal"), second.resolve("journal"));
        Files.writeString(second.resolve("journal").resolve("open"), "died\n");
        try (TestApi api = new TestApi(second, Map.of(), new MutableClock(START.plusSeconds(40)))) {
            assertThat(propagation(api, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z")).isEqualTo(before);
            String token = api.post("/api/v1/probes/p-us-east/token", TestApi.ADMIN, "{}").json().get("token").asText();
            assertThat(api.get("/api/v1/probe/journeys/history", token).body()).isEqualTo(newest);
            assertThat(api.api.journeyRollups().rollUp()).as("the replayed read is listed for the roll-up").isEqualTo(1);
        }
    }

    private static void copyJournal(Path from, Path to) throws IOException {
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
