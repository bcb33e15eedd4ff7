package org.glassprobe.api.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.journey.JourneyResults.SHA_A;
import static org.glassprobe.api.journey.JourneyResults.SHA_B;
import static org.glassprobe.api.journey.JourneyResults.batch;
import static org.glassprobe.api.journey.JourneyResults.reader;
import static org.glassprobe.api.journey.JourneyResults.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Journeys through the real API over HTTP: results with {@code journey} fields as the contract
 * writes them are posted by a writer probe and reader probes; readers ask for the newest object
 * (and wait for a newer one); the propagation read shows what readers measured.
 */
class JourneyTest {
    @TempDir
    static Path dir;
    static TestApi api;
    static Map<String, String> probes;

    @BeforeAll
    static void start() {
        api = new TestApi(dir);
        probes = api.enrolBeating(List.of("eu-west", "us-east", "ap-south", "sa-east"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A journey check in the three regions (not sa-east); the API needs only its name and regions. */
    private static String journeyCheck(String name) {
        api.pushPing(name, "eu-west", "us-east", "ap-south");
        return name;
    }

    private static TestApi.Answer post(String region, JsonNode... results) {
        return api.post("/api/v1/probe/results", probes.get(region), batch(List.of(results)));
    }

    private static Instant round(int k) {
        return Instant.parse("2026-03-02T09:00:00Z").plusSeconds(30L * k);
    }

    private static TestApi.Answer newest(String region, String check, String query) {
        return api.get("/api/v1/probe/journeys/" + TestApi.segment(check) + query, probes.get(region));
    }

    @Test
    void a_reader_is_given_the_newest_object_with_the_sha256_of_the_one_before() {
        String check = journeyCheck("image-propagation");
        assertThat(newest("us-east", check, "").json().toString()).as("nothing published yet")
                .isEqualTo("{\"object\":null,\"previousSha256\":null}");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        assertThat(post("eu-west", writer(check, first, round(0), SHA_A)).status()).isEqualTo(200);
        assertThat(post("eu-west", writer(check, second, round(1), SHA_B),
                JourneyResults.writerWithoutObject(check, round(2))).status()).isEqualTo(200);

        JsonNode answer = newest("us-east", check, "").json();
        JsonNode object = answer.get("object");
        assertThat(object.get("id").asText()).isEqualTo(second.toString());
        assertThat(object.get("round").asText()).isEqualTo("2026-03-02T09:00:30.000Z");
        assertThat(object.get("writer").toString()).isEqualTo("{\"probe\":\"p-eu-west\",\"region\":\"eu-west\"}");
        assertThat(object.get("url").asText()).isEqualTo("http://127.0.0.1:8081/images/" + second);
        assertThat(object.get("sha256").asText()).isEqualTo(SHA_B);
        assertThat(object.get("size").asLong()).isEqualTo(456);
        assertThat(object.get("contentType").asText()).isEqualTo("image/png");
        assertThat(object.get("uploadedAt").asText()).isEqualTo("2026-03-02T09:00:30.153Z");
        assertThat(answer.get("previousSha256").asText()).isEqualTo(SHA_A);
        assertThat(api.storedResults(check)).as("the results themselves are stored as ever").isEqualTo(3);
    }

    @Test
    void an_object_published_while_a_reader_waits_is_returned_before_the_wait_ends() throws Exception {
        String check = journeyCheck("waited-for");
        assertThat(post("eu-west", writer(check, UUID.randomUUID(), round(0), SHA_A)).status()).isEqualTo(200);
        UUID published = UUID.randomUUID();
        long started = System.nanoTime();
        CompletableFuture<TestApi.Answer> waiting = CompletableFuture.supplyAsync(() ->
                newest("us-east", check, "?round=" + round(1) + "&wait=20s"));
        Thread.sleep(400);
        assertThat(waiting).as("the newest object is of an older round: the reader waits").isNotDone();
        assertThat(api.api.journeys().waiting()).isEqualTo(1);
        assertThat(post("eu-west", writer(check, published, round(1), SHA_B)).status()).isEqualTo(200);
        TestApi.Answer answer = waiting.get(10, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("object").get("id").asText()).isEqualTo(published.toString());
        assertThat(answer.json().get("previousSha256").asText()).isEqualTo(SHA_A);
        assertThat(tookMs).as("answered within a poll of the publication, long before 20 s").isLessThan(5_000);
        assertThat(api.api.journeys().waiting()).isZero();
    }

    @Test
    void a_reader_asking_for_a_newer_round_than_published_waits_the_whole_wait_then_gets_what_there_is() {
        String check = journeyCheck("late-writer");
        UUID old = UUID.randomUUID();
        assertThat(post("eu-west", writer(check, old, round(0), SHA_A)).status()).isEqualTo(200);
        long started = System.nanoTime();
        TestApi.Answer answer = newest("ap-south", check, "?round=" + round(1) + "&wait=700ms");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("object").get("id").asText()).isEqualTo(old.toString());
        assertThat(tookMs).isBetween(650L, 5_000L);

        started = System.nanoTime();
        TestApi.Answer atOnce = newest("ap-south", check, "?round=" + round(0) + "&wait=20s");
        assertThat(atOnce.json().get("object").get("id").asText()).as("of the round asked for").isEqualTo(old.toString());
        assertThat((System.nanoTime() - started) / 1_000_000).as("answered at once").isLessThan(2_000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "?wait=26s|query parameter wait must be a duration from 0 to 25s such as 500ms or 20s, found '26s'",
        "?wait=soon|query parameter wait must be a duration from 0 to 25s such as 500ms or 20s, found 'soon'",
        "?wait=-1s|query parameter wait must be a duration from 0 to 25s such as 500ms or 20s, found '-1s'",
        "?round=yesterday&wait=1s|query parameter round must be an ISO-8601 instant such as 2026-01-01T00:00:00Z,"
                + " found 'yesterday'"})
    void bad_parameters_are_refused_with_what_was_found(String query, String message) {
        String check = journeyCheck("bad-parameters");
        TestApi.Answer answer = newest("us-east", check, query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo(message);
    }

    @Test
    void a_probe_reads_only_journeys_of_checks_that_run_in_its_region() {
        String check = journeyCheck("regional");
        TestApi.Answer other = newest("sa-east", check, "");
        assertThat(other.status()).as(other.body()).isEqualTo(404);
        assertThat(other.json().get("error").asText()).isEqualTo("check 'regional' does not run in region 'sa-east'"
                + " (it runs in eu-west, us-east, ap-south)");
        assertThat(newest("us-east", "no-such-check", "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/probe/journeys/regional", TestApi.ADMIN).status()).as("probes only").isEqualTo(403);
        assertThat(api.get("/api/v1/probe/journeys/regional", null).status()).isEqualTo(401);
    }

    @Test
    void a_bad_journey_field_refuses_the_batch_naming_it_and_stores_nothing() {
        String check = journeyCheck("refused");
        ObjectNode good = writer(check, UUID.randomUUID(), round(0), SHA_A);
        ObjectNode bad = writer(check, UUID.randomUUID(), round(1), SHA_B);
        ((ObjectNode) bad.get("journey").get("object")).put("sha256", "not-a-hash");
        TestApi.Answer answer = post("eu-west", good, bad);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("problems").get(0).get("path").asText())
                .isEqualTo("results[1].journey.object.sha256");
        assertThat(answer.json().get("problems").get(0).get("message").asText())
                .isEqualTo("is \"not-a-hash\"; a SHA-256 is 64 hexadecimal digits");
        ObjectNode noRound = reader(check, UUID.randomUUID(), "eu-west", round(0), 900.0, true);
        ((ObjectNode) noRound.get("journey")).remove("round");
        TestApi.Answer second = post("us-east", noRound);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.json().get("problems").get(0).get("path").asText()).isEqualTo("results[0].journey.round");
        assertThat(api.storedResults(check)).isZero();
        assertThat(newest("us-east", check, "").json().get("object").isNull()).isTrue();
        assertThat(api.get("/api/v1/checks/refused/propagation", null).json().get("regions")).isEmpty();
    }

    @Test
    void unknown_fields_and_roles_of_a_journey_are_ignored_and_the_result_stored() {
        String check = journeyCheck("tolerant");
        ObjectNode newer = writer(check, UUID.randomUUID(), round(0), SHA_A);
        ((ObjectNode) newer.get("journey")).put("someday", "a field of a later probe");
        ((ObjectNode) newer.get("journey").get("object")).putObject("more").put("x", 1);
        ObjectNode watcher = JourneyResults.result(check, UUID.randomUUID(), round(0), true);
        watcher.set("journey", JourneyResults.json("{\"role\": \"a-role-of-a-much-later-contract\", \"round\": 12}"));
        TestApi.Answer answer = post("eu-west", newer, watcher);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("stored").asInt()).isEqualTo(2);
        assertThat(newest("us-east", check, "").json().get("object").get("sha256").asText()).isEqualTo(SHA_A);
    }

    @Test
    void propagation_per_reading_region_counts_reads_percentiles_and_reads_not_in_time() {
        String check = journeyCheck("measured");
        UUID[] objects = new UUID[4];
        for (int k = 0; k < 4; k++) {
            objects[k] = UUID.randomUUID();
            assertThat(post("eu-west", writer(check, objects[k], round(k), SHA_A)).status()).isEqualTo(200);
        }
        double[] us = {800, 1200, 2013, 400};
        for (int k = 0; k < 4; k++) {
            assertThat(post("us-east", reader(check, objects[k], "eu-west", round(k), us[k], true)).status())
                    .isEqualTo(200);
        }
        assertThat(post("ap-south", reader(check, objects[0], "eu-west", round(0), 3000.0, true),
                reader(check, objects[1], "eu-west", round(1), 12_500.0, false),
                reader(check, objects[2], "eu-west", round(2), null, false),
                JourneyResults.staleReader(check, objects[2], round(2), round(4))).status()).isEqualTo(200);

        TestApi.Answer answer = api.get("/api/v1/checks/measured/propagation?from=2026-03-02T08:00:00Z&to="
                + "2026-03-02T10:00:00Z", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode regions = answer.json().get("regions");
        assertThat(regions).extracting(r -> r.get("region").asText()).containsExactly("ap-south", "us-east");
        JsonNode ap = regions.get(0);
        assertThat(ap.get("reads").asLong()).as("fresh reads only; the re-read of an older object is not one")
                .isEqualTo(3);
        assertThat(ap.get("count").asLong()).isEqualTo(2);
        assertThat(ap.get("notReadInTime").asLong()).as("read too late, and never identical").isEqualTo(2);
        assertThat(ap.get("maxMs").asDouble()).isEqualTo(12_500.0);
        assertThat(ap.get("series").get(2).get("propagationMs").isNull()).isTrue();
        JsonNode usEast = regions.get(1);
        assertThat(usEast.get("count").asLong()).isEqualTo(4);
        assertThat(usEast.get("notReadInTime").asLong()).isZero();
        assertThat(usEast.get("p50Ms").asDouble()).as("nearest rank of 400, 800, 1200, 2013").isEqualTo(800.0);
        assertThat(usEast.get("p95Ms").asDouble()).isEqualTo(2013.0);
        assertThat(usEast.get("maxMs").asDouble()).isEqualTo(2013.0);
        JsonNode point = usEast.get("series").get(2);
        assertThat(point.get("round").asText()).isEqualTo("2026-03-02T09:01:00.000Z");
        assertThat(point.get("objectId").asText()).isEqualTo(objects[2].toString());
        assertThat(point.get("writerRegion").asText()).isEqualTo("eu-west");
        assertThat(point.get("propagationMs").asDouble()).isEqualTo(2013.0);
        assertThat(point.get("upperBound").asBoolean()).isFalse();
        assertThat(point.get("failuresBefore").toString())
                .isEqualTo("{\"missing\":6,\"stale\":0,\"different\":0,\"error\":0}");
        assertThat(usEast.get("hours")).as("all within the raw retention").isEmpty();

        assertThat(api.get("/api/v1/checks/measured/propagation?from=2026-03-02T10:00:00Z&to=2026-03-02T08:00:00Z",
                null).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/checks/measured/propagation?from=2020-01-01T00:00:00Z&to=2026-03-02T08:00:00Z",
                null).json().get("error").asText()).contains("longer than 400 days");
        assertThat(api.get("/api/v1/checks/nope/propagation", null).status()).isEqualTo(404);
    }
}
