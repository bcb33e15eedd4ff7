package org.glassprobe.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.glassprobe.api.MutableClock;
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
    void latency_buckets_equal_those_of_the_raw_results_read_from_hour_and_minute_rows_and_raw_alike() {
        Instant now = Instant.parse("2026-03-02T10:17:42.345Z");
        try (TestApi api = new TestApi(dir, Map.of(), new MutableClock(now))) {
            api.pushPing("charts");
            Map<String, String> tokens = Map.of("eu-west", api.enrol("eu-1", "eu-west"), "us-east",
                    api.enrol("us-1", "us-east"));
            Random random = new Random(11);
            List<Posted> posted = new ArrayList<>();
            // from just within the raw retention (7 days): older results are acknowledged and not stored
            post(api, tokens, random, now.minus(Duration.ofDays(7)).plusSeconds(60), now, 400, posted);
            api.api.rollups().runOnce();
            // not rolled up: into hours already rolled up, and the current hour
            post(api, tokens, random, now.minus(Duration.ofDays(2)), now, 3_000, posted);

            for (String query : List.of("period=24h&step=1h", "period=7d&step=1h", "period=24h&step=5m",
                    "period=7d&step=6h")) {
                JsonNode series = api.get("/api/v1/checks/charts/series?" + query, null).json();
                long width = SummaryService.STEPS.get(query.substring(query.indexOf("step=") + 5)).toMillis();
                for (String region : tokens.keySet()) {
                    for (JsonNode point : series.get("regions").get(region)) {
                        long start = Instant.parse(point.get("start").asText()).toEpochMilli();
                        List<Posted> in = posted.stream().filter(p -> p.region.equals(region)
                                && p.result.startedAt().toEpochMilli() >= start
                                && p.result.startedAt().toEpochMilli() < start + width).toList();
                        LatencyHistogram total = new LatencyHistogram();
                        in.stream().filter(p -> p.result.ok()).forEach(p -> total.add(p.result.durationMs()));
                        String where = query + " " + region + " " + point.get("start").asText();
                        assertThat(point.get("runs").asLong()).as(where).isEqualTo(in.size());
                        assertThat(point.get("failures").asLong()).as(where)
                                .isEqualTo(in.stream().filter(p -> !p.result.ok()).count());
                        for (String q : List.of("p50", "p95", "p99")) {
                            JsonNode value = point.get(q + "Ms");
                            if (total.count() == 0) {
                                assertThat(value.isNull()).as(where + " " + q).isTrue();
                            } else {
                                assertThat(value.asDouble()).as(where + " " + q)
                                        .isEqualTo(total.quantile(Double.parseDouble(q.substring(1)) / 100));
                            }
                        }
                    }
                }
            }
        }
    }

    /** A result as posted, with its region. */
    private record Posted(String region, CheckResult result) {}

    /** Results of both regions from {@code from} to before {@code to}, some on hour and minute boundaries. */
    private static void post(TestApi api, Map<String, String> tokens, Random random, Instant from, Instant to,
            int maxGapSeconds, List<Posted> posted) {
        for (String region : tokens.keySet()) {
            List<CheckResult> batch = new ArrayList<>();
            for (Instant t = from; t.isBefore(to); t = t.plusSeconds(1 + random.nextInt(maxGapSeconds))) {
                Instant at = switch (random.nextInt(10)) {
                    case 0 -> Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 3_600_000L) * 3_600_000L);
                    case 1 -> Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), 60_000L) * 60_000L - 1);
                    default -> t;
                };
                at = at.isBefore(from) ? t : at;
                Phases p = new Phases(random.nextInt(3), 1 + random.nextDouble() * 4, random.nextDouble() * 8,
                        20 + random.nextDouble() * 200, random.nextDouble() * 3);
                CheckResult r = TestApi.result(UUID.randomUUID(), "charts", at, random.nextInt(100) >= 7, p);
                batch.add(r);
                posted.add(new Posted(region, r));
                if (batch.size() == 500) {
                    assertThat(api.postResults(tokens.get(region), batch).status()).isEqualTo(200);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                assertThat(api.postResults(tokens.get(region), batch).status()).isEqualTo(200);
            }
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
