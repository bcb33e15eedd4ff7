package org.glassprobe.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time buckets the uptime page draws (daily bars, latency charts) against what was posted. */
class SeriesTest {
    @TempDir
    Path dir;

    @Test
    void daily_buckets_count_every_run_once_from_roll_ups_and_raw_alike() {
        try (TestApi api = new TestApi(dir)) {
            api.pushPing("daily");
            String eu = api.enrol("eu-1", "eu-west");
            String us = api.enrol("us-1", "us-east");
            Instant now = api.clock.instant(); // 2026-03-02T10:00:30Z
            Instant today = Instant.parse("2026-03-02T00:00:00Z");
            List<CheckResult> euResults = new ArrayList<>();
            List<CheckResult> usResults = new ArrayList<>();
            List<List<Double>> euDaily = new ArrayList<>();
            for (int day = 0; day < 3; day++) {
                List<Double> latencies = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Instant t = today.minus(Duration.ofDays(day)).plus(Duration.ofMinutes(15L * i));
                    if (t.isAfter(now)) {
                        continue;
                    }
                    boolean ok = i % 8 != day; // a different number of failures each day
                    Phases p = new Phases(0, 1, 0, 10 + i + day * 50, 0.5);
                    euResults.add(TestApi.result(UUID.randomUUID(), "daily", t, ok, p));
                    usResults.add(TestApi.result("daily", t.plusSeconds(1), true));
                    if (ok) {
                        latencies.add(p.sum());
                    }
                }
                euDaily.add(latencies);
            }
            assertThat(api.postResults(eu, euResults).status()).isEqualTo(200);
            api.api.rollups().runOnce();
            assertThat(api.postResults(us, usResults).status()).isEqualTo(200); // not rolled up: read raw

            JsonNode series = api.get("/api/v1/checks/daily/series?period=7d&step=1d", null).json();
            JsonNode days = series.get("regions").get("eu-west");
            assertThat(days).hasSize(8);
            assertThat(days.get(7).get("start").asText()).isEqualTo("2026-03-02T00:00:00.000Z");
            assertThat(days.get(0).get("runs").asLong()).isZero();
            assertThat(days.get(0).get("uptimePercent").isNull()).isTrue();
            for (int day = 0; day < 3; day++) {
                JsonNode point = days.get(7 - day);
                long runs = euResults.stream().filter(r -> !r.startedAt().isBefore(Instant.parse(point.get("start")
                        .asText())) && r.startedAt().isBefore(Instant.parse(point.get("start").asText())
                        .plus(Duration.ofDays(1)))).count();
                assertThat(point.get("runs").asLong()).isEqualTo(runs);
                assertThat(point.get("failures").asLong()).isEqualTo(runs - euDaily.get(day).size());
                double[] sorted = euDaily.get(day).stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double raw = sorted[(int) Math.ceil(0.5 * sorted.length) - 1];
                assertThat(Math.abs(point.get("p50Ms").asDouble() - raw))
                        .isLessThanOrEqualTo(raw * LatencyHistogram.RELATIVE_ERROR + 0.001);
            }
            long overall = 0;
            for (JsonNode p : series.get("overall")) {
                overall += p.get("runs").asLong();
            }
            assertThat(overall).isEqualTo(euResults.size() + usResults.size());

            JsonNode fiveMinutes = api.get("/api/v1/checks/daily/series?period=24h&step=5m", null).json();
            assertThat(fiveMinutes.get("overall").size()).isBetween(288, 289);
        }
    }

    @Test
    void impossible_series_are_refused_with_the_reason() {
        try (TestApi api = new TestApi(dir, java.util.Map.of("GLASSPROBE_RETENTION_RAW", "1h",
                "GLASSPROBE_RETENTION_MINUTE", "1d"))) {
            api.pushPing("daily");
            assertThat(api.get("/api/v1/checks/daily/series?period=90d&step=1m", null).json().get("error").asText())
                    .contains("at most 1500");
            assertThat(api.get("/api/v1/checks/daily/series?period=7d&step=15m", null).json().get("error").asText())
                    .contains("minute roll-ups, kept for 1d");
            TestApi.Answer a = api.get("/api/v1/checks/daily/series?step=2h", null);
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).contains("1m, 5m, 15m, 1h, 6h, 1d");
        }
    }
}
