package org.glassprobe.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ResultJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestTest {
    @TempDir
    static Path dir;
    static TestApi api;
    static String probe;

    @BeforeAll
    static void start() {
        api = new TestApi(dir);
        probe = api.enrol("eu-1", "eu-west");
        api.pushPing("home");
        api.pushPing("elsewhere", "us-east");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static Instant now() {
        return api.clock.instant();
    }

    @Test
    void a_resent_result_is_a_duplicate_and_stored_once() {
        api.pushPing("idempotent");
        List<CheckResult> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(TestApi.result("idempotent", now().minusSeconds(i), i % 3 != 0));
        }
        JsonNode first = api.postResults(probe, batch).json();
        assertThat(first.get("stored").asInt()).isEqualTo(10);
        assertThat(first.get("duplicates").asInt()).isZero();
        JsonNode again = api.postResults(probe, batch).json();
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(10);
        List<CheckResult> mixed = new ArrayList<>(batch.subList(0, 4));
        CheckResult fresh = TestApi.result("idempotent", now(), true);
        mixed.add(fresh);
        mixed.add(fresh); // the same id twice in one batch
        JsonNode third = api.postResults(probe, mixed).json();
        assertThat(third.get("stored").asInt()).isEqualTo(1);
        assertThat(third.get("duplicates").asInt()).isEqualTo(5);
        assertThat(api.storedResults("idempotent")).isEqualTo(11);
        String metrics = api.get("/metrics", TestApi.ADMIN).body();
        assertThat(metrics).contains("glassprobe_results_ingested_total{outcome=\"duplicate\"}");
    }

    @Test
    void results_run_before_their_check_left_the_region_are_stored_and_later_ones_acknowledged_only() {
        api.pushPing("moving", "eu-west", "us-east");
        Instant before = now();
        api.clock.advance(Duration.ofSeconds(30));
        api.pushPing("moving", "us-east"); // moved away while the probe's backlog waits in its spool
        api.clock.advance(Duration.ofSeconds(30));
        CheckResult spooled = TestApi.result("moving", before, false);
        CheckResult stale = TestApi.result("moving", now(), true); // run before the probe pulled the change
        JsonNode answer = api.postResults(probe, List.of(spooled, stale)).json();
        assertThat(answer.get("stored").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(answer.get("unassigned").asInt()).isEqualTo(1);
        assertThat(api.storedResults("moving")).as("the run made while it was assigned is kept").isEqualTo(1);

        api.pushPing("moving", "us-east", "ap-south"); // the last move is the one remembered
        api.clock.advance(Duration.ofSeconds(1));
        TestApi.Answer refused = api.postResults(probe, List.of(TestApi.result("moving", before.minusSeconds(5), true)));
        assertThat(refused.status()).as("eu-west was not in the regions it left: a probe cannot post for others")
                .isEqualTo(422);
        assertThat(refused.body()).contains("not assigned to region 'eu-west'");
    }

    @Test
    void the_same_batch_posted_at_once_from_several_connections_is_stored_once() throws Exception {
        api.pushPing("racing");
        List<CheckResult> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(TestApi.result("racing", now().minusSeconds(i), true));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<JsonNode>> answers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                answers.add(pool.submit(() -> api.postResults(probe, batch).json()));
            }
            int stored = 0;
            int duplicates = 0;
            for (var a : answers) {
                stored += a.get().get("stored").asInt();
                duplicates += a.get().get("duplicates").asInt();
            }
            assertThat(stored).isEqualTo(100);
            assertThat(duplicates).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.storedResults("racing")).isEqualTo(100);
    }

    @Test
    void a_result_older_than_the_raw_retention_is_acknowledged_and_counted_not_stored() {
        api.pushPing("ancient");
        JsonNode a = api.postResults(probe, List.of(TestApi.result("ancient", now().minus(Duration.ofDays(8)), true),
                TestApi.result("ancient", now(), true))).json();
        assertThat(a.get("stored").asInt()).isEqualTo(1);
        assertThat(a.get("expired").asInt()).isEqualTo(1);
        assertThat(api.storedResults("ancient")).isEqualTo(1);
    }

    @Test
    void a_result_is_stored_and_read_back_exactly_as_the_probe_sent_it() throws Exception {
        api.pushPing("verbatim");
        // pretty-printed, with characters of two and three bytes before and inside the items: what is
        // kept of each item is its own bytes, whatever stands before it in the batch
        List<String> items = new ArrayList<>();
        for (String message : List.of("délai dépassé — 超时", "second: ünïcödé")) {
            ObjectNode item = (ObjectNode) TestApi.JSON.readTree(ResultJson.toJson(TestApi.result("verbatim", now(),
                    false)));
            ((ObjectNode) item.get("error")).put("message", message);
            item.put("extra", "a field this API does not know is kept");
            items.add(TestApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(item));
        }
        String batch = "{\n  \"note\": \"ça\",\n  \"results\": [\n" + String.join(",\n", items) + "\n  ]\n}\n";
        assertThat(api.post("/api/v1/probe/results", probe, batch).json().get("stored").asInt()).isEqualTo(2);

        TestApi.Answer page = api.get("/api/v1/checks/verbatim/results?limit=10&from=2000-01-01T00:00:00Z",
                TestApi.ADMIN);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        for (String item : items) {
            assertThat(page.body()).as("the item's bytes as posted").contains(item);
        }
        assertThat(page.json().get("results")).extracting(r -> r.get("result").get("error").get("message").asText())
                .containsExactlyInAnyOrder("délai dépassé — 超时", "second: ünïcödé");
    }

    /** A bad batch: how it is made from a valid result, the status expected, and words the message must have. */
    static Stream<Arguments> badBatches() {
        return Stream.of(
                bad("malformed JSON", good -> "{\"results\": [" + good, 400, "not valid JSON"),
                bad("not an object", good -> "[" + good + "]", 400, "a batch is a JSON object"),
                bad("results not an array", good -> "{\"results\": " + good + "}", 400, "a batch is a JSON object"),
                bad("an item that is not an object", good -> "{\"results\": [" + good + ", 42]}", 400,
                        "results[1]"),
                bad("a wrong type", good -> "{\"results\": [" + good + ", " + edit(good, n -> n.put("durationMs",
                        "fast")) + "]}", 400, "results[1].durationMs"),
                bad("a batch naming another probe", good -> "{\"probe\": \"us-1\", \"results\": [" + good + "]}", 403,
                        "the batch names probe 'us-1'"),
                bad("a batch naming its region as an object", good -> "{\"region\": {\"name\": \"eu-west\"},"
                        + " \"results\": [" + good + "]}", 403, "the batch names region ''"),
                bad("an id that is an object", good -> "{\"results\": [" + good + ", " + edit(good,
                        n -> n.putObject("id").put("uuid", "x")) + "]}", 400, "results[1].id"),
                bad("a missing id", good -> "{\"results\": [" + good + ", " + edit(good, n -> n.remove("id")) + "]}",
                        400, "results[1]"),
                bad("a bad UUID", good -> "{\"results\": [" + good + ", " + edit(good, n -> n.put("id", "nope"))
                        + "]}", 400, "results[1].id"),
                bad("failed without an error", good -> "{\"results\": [" + good + ", " + edit(good, n -> n.put("ok",
                        false)) + "]}", 400, "error exactly when it failed"),
                bad("a bad timestamp", good -> "{\"results\": [" + good + ", " + edit(good, n -> n.put("startedAt",
                        "yesterday")) + "]}", 400, "results[1].startedAt"),
                bad("a check of another region", good -> "{\"results\": [" + good + ", "
                        + ResultJson.toJson(TestApi.result("elsewhere", now(), true)) + "]}", 422,
                        "not assigned to region 'eu-west'"),
                bad("an unknown check", good -> "{\"results\": [" + good + ", "
                        + ResultJson.toJson(TestApi.result("never-pushed", now(), true)) + "]}", 422,
                        "no check named 'never-pushed'"),
                bad("a start far in the future", good -> "{\"results\": [" + good + ", "
                        + ResultJson.toJson(TestApi.result("home", now().plus(Duration.ofHours(2)), true)) + "]}",
                        422, "results[1].startedAt"),
                bad("an item posted as another probe", good -> "{\"results\": [" + good + ", "
                        + edit(good, n -> n.put("probe", "us-1")) + "]}", 403, "us-1"),
                bad("an item posted from another region", good -> "{\"results\": [" + good + ", "
                        + edit(good, n -> n.put("region", "us-east")) + "]}", 403,
                        "results[1].region (id "),
                bad("a negative duration", good -> "{\"results\": [" + good + ", " + edit(good, n -> n.put("durationMs",
                        -5)) + "]}", 400, "results[1].durationMs (id "),
                bad("a duration of 1e308 ms", good -> "{\"results\": [" + good + ", " + edit(good,
                        n -> n.put("durationMs", 1e308)) + "]}", 400, "a time must be from 0 to 86400000 ms"),
                bad("a step longer than a day", good -> "{\"results\": [" + good + ", " + edit(good,
                        n -> ((ObjectNode) n.get("steps").get(0)).put("durationMs", 9e10)) + "]}", 400,
                        "results[1].steps[0].durationMs"),
                bad("a phase longer than a day", good -> "{\"results\": [" + good + ", " + edit(good,
                        n -> ((ObjectNode) n.get("steps").get(0).get("phases")).put("processing", 1e12)) + "]}", 400,
                        "results[1].steps[0].phases.processing"),
                bad("too many results", good -> {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < 501; i++) {
                        items.add(ResultJson.toJson(TestApi.result("home", now(), true)));
                    }
                    return "{\"results\": [" + String.join(",", items) + "]}";
                }, 413, "at most 500"),
                bad("a result over 256 KiB", good -> "{\"results\": [" + good + ", " + edit(good,
                        n -> n.put("padding", "x".repeat(300 * 1024))) + "]}", 413, "results[1]"),
                bad("a batch over 8 MiB", good -> "{\"pad\": \"" + "y".repeat(9 * 1024 * 1024) + "\", \"results\": ["
                        + good + "]}", 413, "at most 8388608 bytes"));
    }

    private static Arguments bad(String name, Function<String, String> batch, int status, String words) {
        return Arguments.of(name, batch, status, words);
    }

    private static String edit(String json, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode node = (ObjectNode) TestApi.JSON.readTree(json);
            change.accept(node);
            return TestApi.JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void a_bad_batch_is_refused_naming_the_offending_item_and_nothing_is_stored(String name,
            Function<String, String> batch, int status, String words) {
        long before = api.storedResults("home");
        CheckResult good = TestApi.result(UUID.randomUUID(), "home", now(), true,
                new org.glassprobe.scenarios.result.Phases(0, 1, 0, 2, 0));
        TestApi.Answer answer = api.post("/api/v1/probe/results", probe, batch.apply(ResultJson.toJson(good)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains(words);
        assertThat(api.storedResults("home")).as("nothing from the batch is stored").isEqualTo(before);
        // the valid item of the refused batch goes in when sent alone: it was not half-written
        JsonNode alone = api.postResults(probe, List.of(good)).json();
        assertThat(alone.get("stored").asInt()).isEqualTo(1);
    }
}
