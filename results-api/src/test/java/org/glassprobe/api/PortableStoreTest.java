package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.glassprobe.scenarios.result.CheckResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract run against each database the store supports: every store path (enrolment,
 * tokens, checks with files, ETags, heartbeats, liveness events, ingestion with duplicates,
 * paging, roll-ups, late results, summaries, retention, an outage's errors, metrics, deletes) through the API. H2 always;
 * PostgreSQL (with Quartz clustered) when {@code GLASSPROBE_TEST_POSTGRES_URL} (and optionally
 * {@code _USER}, {@code _PASSWORD}) name a database the test may create a schema in; reported as
 * skipped where none is configured.
 */
class PortableStoreTest {
    @TempDir
    Path dir;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void every_store_path_works(String name) throws Exception {
        try (TestPostgres pg = name.equals("PostgreSQL") ? TestPostgres.create("gp_").orElse(null) : null) {
            Assumptions.assumeTrue(name.equals("H2") || pg != null,
                    "GLASSPROBE_TEST_POSTGRES_URL is not set: no PostgreSQL to run the store contract on (see .ci/run)");
            try (TestApi api = new TestApi(dir, pg == null ? Map.of() : pg.apiEnv())) {
                contract(api);
            }
        }
    }

    private static void contract(TestApi api) throws Exception {
        // enrolment and tokens
        String eu = api.enrol("eu-1", "eu-west");
        String us = api.enrol("us-1", "us-east");
        assertThat(api.post("/api/v1/probes", ADMIN, "{\"name\":\"eu-1\",\"region\":\"eu-west\"}").status())
                .isEqualTo(409);
        String rotated = api.post("/api/v1/probes/us-1/token", ADMIN, "").json().get("token").asText();
        assertThat(api.get("/api/v1/probe/checks", us).status()).isEqualTo(401);
        us = rotated;

        // checks with a file, regions, ETags
        String yaml = "name: with-file\nkind: scenario\ninterval: 30s\ntimeout: 5s\nsteps:\n  - name: upload\n"
                + "    http:\n      method: POST\n      url: http://127.0.0.1:1/up\n      body:\n        multipart:\n"
                + "          - {name: file, file: data/blob.bin}\n";
        byte[] blob = new byte[1_500_000]; // larger than one stored part: split and joined again
        new java.util.Random(3).nextBytes(blob);
        String bundle = TestApi.JSON.writeValueAsString(Map.of("check", yaml, "files",
                Map.of("data/blob.bin", Base64.getEncoder().encodeToString(blob))));
        TestApi.Answer put = api.send("PUT", "/api/v1/checks/with-file", ADMIN, bundle.getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        api.pushPing("us-only", "us-east");
        api.pushPing("everywhere");
        TestApi.Answer euChecks = api.get("/api/v1/probe/checks", eu);
        assertThat(euChecks.json().get("checks").findValuesAsText("name")).containsExactly("everywhere", "with-file");
        JsonNode file = euChecks.json().get("checks").get(1).get("files").get(0);
        assertThat(Base64.getDecoder().decode(file.get("base64").asText())).isEqualTo(blob);
        assertThat(api.send("GET", "/api/v1/probe/checks", eu, null, null,
                Map.of("If-None-Match", euChecks.header("ETag"))).status()).isEqualTo(304);

        // heartbeats and liveness events
        api.post("/api/v1/probe/heartbeat", eu, "{\"version\":\"1\",\"spoolDepth\":2}");
        api.post("/api/v1/probe/heartbeat", us, "{\"version\":\"1\"}");
        api.clock.advance(Duration.ofSeconds(40));
        api.post("/api/v1/probe/heartbeat", us, "{}");
        assertThat(api.api.liveness().evaluate()).hasSize(1);
        assertThat(api.get("/api/v1/probes/eu-1/events", ADMIN).json().get("events").findValuesAsText("to"))
                .containsExactly("late", "up");

        // ingestion, duplicates, paging
        Instant now = api.clock.instant();
        List<CheckResult> euResults = new ArrayList<>();
        List<CheckResult> usResults = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            euResults.add(TestApi.result("everywhere", now.minusSeconds(i * 60L), i % 10 != 0));
            usResults.add(TestApi.result("everywhere", now.minusSeconds(i * 60L + 7), true));
        }
        assertThat(api.postResults(eu, euResults).json().get("stored").asInt()).isEqualTo(150);
        assertThat(api.postResults(us, usResults).json().get("stored").asInt()).isEqualTo(150);
        assertThat(api.postResults(eu, euResults.subList(0, 20)).json().get("duplicates").asInt()).isEqualTo(20);
        JsonNode page = api.get("/api/v1/checks/everywhere/results?limit=100&region=eu-west", ADMIN).json();
        assertThat(page.get("results")).hasSize(100);
        JsonNode next = api.get("/api/v1/checks/everywhere/results?limit=100&region=eu-west&cursor="
                + page.get("nextCursor").asText(), ADMIN).json();
        assertThat(next.get("results")).hasSize(50);
        assertThat(next.get("nextCursor").isNull()).as("null on the last page").isTrue();

        // roll-ups, a late result, summaries, retention
        JsonNode raw = api.get("/api/v1/checks/everywhere/summary?period=24h", null).json().get("overall");
        assertThat(api.api.rollups().runOnce()).isEqualTo(300);
        api.postResults(us, List.of(TestApi.result("everywhere", now.minus(Duration.ofHours(2)), false)));
        assertThat(api.api.rollups().runOnce()).isEqualTo(1);
        JsonNode rolled = api.get("/api/v1/checks/everywhere/summary?period=24h", null).json();
        assertThat(rolled.get("overall").get("runs").asLong()).isEqualTo(301);
        assertThat(rolled.get("overall").get("failures").asLong()).isEqualTo(16);
        assertThat(rolled.get("regions").get("eu-west").get("runs").asLong()).isEqualTo(150);
        assertThat(rolled.get("overall").get("latencyMs")).isEqualTo(raw.get("latencyMs"));
        api.clock.advance(Duration.ofDays(8));
        api.api.retention().runOnce();
        assertThat(api.storedResults("everywhere")).isZero();
        assertThat(api.get("/api/v1/checks/everywhere/summary?period=30d", null).json().get("overall").get("runs")
                .asLong()).isEqualTo(301);

        // an outage's errors, read afresh while it is open and written with it (a GROUP BY, a JSON column)
        api.pushPing("failing");
        api.post("/api/v1/probe/heartbeat", eu, "{}");
        api.post("/api/v1/probe/heartbeat", us, "{}");
        Instant failedAt = api.clock.instant();
        api.postResults(eu, List.of(TestApi.result("failing", failedAt, false)));
        api.postResults(us, List.of(TestApi.result("failing", failedAt, false)));
        JsonNode outage = api.get("/api/v1/outages?check=failing", null).json().get("incidents").get(0);
        assertThat(outage.get("topErrors").get(0).get("message").asText()).isEqualTo("status 503, expected 200");
        assertThat(outage.get("topErrors").get(0).get("runs").asInt()).isEqualTo(2);
        assertThat(outage.get("lastError").asText()).isEqualTo("status 503, expected 200");

        // metrics, deletes
        assertThat(api.get("/metrics", ADMIN).body())
                .contains("probe_success{check=\"everywhere\",probe=\"eu-1\",region=\"eu-west\"} 0.0")
                .contains("probe_success{check=\"everywhere\",probe=\"us-1\",region=\"us-east\"} 1.0");
        assertThat(api.delete("/api/v1/checks/with-file", ADMIN).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/probes/eu-1", ADMIN).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/probe/checks", eu).status()).isEqualTo(401);
        assertThat(api.get("/readyz", null).status()).isEqualTo(200);
    }
}
