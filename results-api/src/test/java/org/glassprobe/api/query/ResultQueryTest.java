package org.glassprobe.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glassprobe.api.Promtool;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultQueryTest {
    @TempDir
    static Path dir;
    static TestApi api;
    static List<CheckResult> sent = new ArrayList<>();

    @BeforeAll
    static void start() {
        api = new TestApi(dir);
        api.pushPing("paged");
        String eu = api.enrol("eu-1", "eu-west");
        String us = api.enrol("us-1", "us-east");
        api.post("/api/v1/probe/heartbeat", eu, "{}"); // /metrics shows the results of probes that are up
        api.post("/api/v1/probe/heartbeat", us, "{}");
        Instant now = api.clock.instant();
        List<CheckResult> euBatch = new ArrayList<>();
        List<CheckResult> usBatch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            CheckResult r = TestApi.result("paged", now.minusSeconds(i * 10L), i % 7 != 0);
            sent.add(r);
            (i % 2 == 0 ? euBatch : usBatch).add(r);
        }
        assertThat(api.postResults(eu, euBatch).status()).isEqualTo(200);
        assertThat(api.postResults(us, usBatch).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void pages_follow_the_cursor_newest_first_without_gaps_or_repeats() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        Instant previous = Instant.MAX;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/checks/paged/results?limit=40" + (cursor == null ? "" : "&cursor=" + cursor),
                    ADMIN).json();
            for (JsonNode item : page.get("results")) {
                Instant started = Instant.parse(item.get("result").get("startedAt").asText());
                assertThat(started).isBeforeOrEqualTo(previous);
                previous = started;
                assertThat(ids.add(item.get("result").get("id").asText())).isTrue();
                assertThat(item.get("probe").asText()).isIn("eu-1", "us-1");
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(ids).hasSize(250);
    }

    @Test
    void a_result_comes_back_exactly_as_it_was_sent() throws Exception {
        CheckResult first = sent.get(0);
        JsonNode page = api.get("/api/v1/checks/paged/results?limit=1", ADMIN).json();
        JsonNode item = page.get("results").get(0);
        assertThat(item.get("region").asText()).isEqualTo("eu-west");
        CheckResult back = TestApi.JSON.treeToValue(item.get("result"), CheckResult.class);
        assertThat(back).isEqualTo(first);
    }

    @Test
    void region_and_time_filters_narrow_the_page() {
        JsonNode us = api.get("/api/v1/checks/paged/results?limit=1000&region=us-east", ADMIN).json();
        assertThat(us.get("results")).hasSize(125);
        assertThat(us.get("results").findValuesAsText("region")).containsOnly("us-east");
        Instant now = api.clock.instant();
        JsonNode recent = api.get("/api/v1/checks/paged/results?limit=1000&from=" + now.minusSeconds(95), ADMIN).json();
        assertThat(recent.get("results")).hasSize(10);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=0|limit must be a whole number from 1 to 1000",
            "limit=abc|limit must be a whole number",
            "limit=100000|limit must be a whole number from 1 to 1000",
            "from=yesterday|from must be an ISO-8601 instant",
            "to=2026|to must be an ISO-8601 instant",
            "from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z|must be before",
            "region=EU_WEST|region must be a region name",
            "cursor=garbage!|cursor is not one this API gave out"})
    void bad_query_parameters_are_named(String query, String words) {
        TestApi.Answer a = api.get("/api/v1/checks/paged/results?" + query, ADMIN);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains(words);
    }

    @Test
    void unknown_checks_and_periods_are_refused() {
        assertThat(api.get("/api/v1/checks/nope/results", ADMIN).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/checks/nope/summary", null).status()).isEqualTo(404);
        TestApi.Answer a = api.get("/api/v1/checks/paged/summary?period=2w", null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("24h, 7d, 30d, 90d");
    }

    @Test
    void metrics_show_the_latest_result_per_check_region_and_probe_in_blackbox_names() {
        String metrics = api.get("/metrics", ADMIN).body();
        assertThat(metrics).contains("probe_success{check=\"paged\",probe=\"eu-1\",region=\"eu-west\"} 0.0")
                .contains("probe_success{check=\"paged\",probe=\"us-1\",region=\"us-east\"} 1.0")
                .contains("probe_duration_seconds{check=\"paged\",probe=\"eu-1\",region=\"eu-west\"} 0.012")
                .contains("probe_http_duration_seconds{check=\"paged\",phase=\"processing\",probe=\"eu-1\","
                        + "region=\"eu-west\"} 0.01")
                .contains("glassprobe_results_ingested_total{outcome=\"stored\"} 250.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void promtool_accepts_the_apis_metrics() throws Exception {
        assertThat(Promtool.checkMetrics(api.get("/metrics", ADMIN).body())).isEmpty();
    }

    @Test
    void metrics_show_each_checks_decided_state() {
        assertThat(api.get("/metrics", ADMIN).body()).containsPattern(
                "glassprobe_check_state\\{check=\"paged\",state=\"[a-z_]+\"} 1.0");
    }
}
