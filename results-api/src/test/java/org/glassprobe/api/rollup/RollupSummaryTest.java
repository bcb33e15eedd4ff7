package org.glassprobe.api.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Percentiles read from roll-ups against percentiles of the raw values, on the same results:
 * within the histograms' 1 % relative error; counts exact; late results, retention and restarts
 * change none of that.
 */
class RollupSummaryTest {
    private static final int RESULTS = 4000;
    private static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};

    @TempDir
    Path dir;

    /** The largest relative error seen on values of 1 ms or more, printed for the record (docs/api.md quotes it). */
    private static double maxRelativeError;

    /** A result as generated, with the region it was posted from. */
    record Generated(CheckResult result, String region) {
        double latency(String phase) {
            Phases p = result.steps().get(0).phases();
            return switch (phase) {
                case "total" -> result.durationMs();
                case "resolve" -> p.resolve();
                case "connect" -> p.connect();
                case "tls" -> p.tls();
                case "processing" -> p.processing();
                default -> p.transfer();
            };
        }
    }

    @Test
    void percentiles_from_roll_ups_stay_within_one_percent_of_the_raw_ones() {
        try (TestApi api = new TestApi(dir)) {
            api.pushPing("latency");
            String eu = api.enrol("eu-1", "eu-west");
            String us = api.enrol("us-1", "us-east");
            Random random = new Random(42);
            Instant now = api.clock.instant();
            List<Generated> all = new ArrayList<>();
            for (int i = 0; i < RESULTS; i++) {
                String region = i % 2 == 0 ? "eu-west" : "us-east";
                Instant started = now.minusMillis((long) (random.nextDouble() * Duration.ofHours(50).toMillis()));
                Phases phases = new Phases(random.nextBoolean() ? 0 : ms(random, 2, 0.5), ms(random, 1, 0.5),
                        region.equals("us-east") ? ms(random, 5, 0.3) : 0, ms(random, 40, 0.7), ms(random, 0.5, 0.4));
                all.add(new Generated(TestApi.result(UUID.randomUUID(), "latency", started, random.nextInt(100) >= 3,
                        phases), region));
            }
            for (int from = 0; from < RESULTS; from += 500) {
                List<Generated> chunk = all.subList(from, from + 500);
                for (String region : List.of("eu-west", "us-east")) {
                    List<CheckResult> batch = chunk.stream().filter(g -> g.region.equals(region))
                            .map(Generated::result).toList();
                    assertThat(api.postResults(region.equals("eu-west") ? eu : us, batch).status()).isEqualTo(200);
                }
            }
            JsonNode fromRaw = summary(api, "7d");
            assertThat(fromRaw.get("sources").get("rawResults").asInt()).isEqualTo(RESULTS);
            assertClose(fromRaw, all, g -> true);

            assertThat(api.api.rollups().runOnce()).isEqualTo(RESULTS);
            JsonNode week = summary(api, "7d");
            assertThat(week.get("sources").get("rawResults").asInt()).isZero();
            assertThat(week.get("sources").get("hourRollups").asInt()).isPositive();
            assertClose(week, all, g -> true);

            // 24h: whole hours from the hour roll-ups, the partial hours at both ends from minute roll-ups
            Instant dayStart = Instant.ofEpochMilli(Math.floorDiv(now.minus(Duration.ofHours(24)).toEpochMilli(),
                    60_000) * 60_000);
            JsonNode day = summary(api, "24h");
            assertThat(day.get("sources").get("minuteRollups").asInt()).isPositive();
            assertClose(day, all, g -> !g.result.startedAt().isBefore(dayStart));

            // a late result (a probe's spool after an outage) merges into an hour already rolled up
            Generated late = new Generated(TestApi.result(UUID.randomUUID(), "latency", now.minus(Duration.ofHours(30)),
                    true, new Phases(0, 1, 0, 30, 1)), "eu-west");
            api.postResults(eu, List.of(late.result));
            all.add(late);
            assertClose(summary(api, "7d"), all, g -> true);
            api.api.rollups().runOnce();
            assertClose(summary(api, "7d"), all, g -> true);

            // eight days on: raw results are gone, the roll-ups still answer the month
            api.clock.advance(Duration.ofDays(8));
            api.api.retention().runOnce();
            assertThat(api.storedResults("latency")).isZero();
            JsonNode month = summary(api, "30d");
            assertThat(month.get("sources").get("rawResults").asInt()).isZero();
            assertClose(month, all, g -> true);
            assertClose(summary(api, "90d"), all, g -> true);
            System.out.printf("roll-up percentiles vs raw: largest relative error %.4f%% (values of 1 ms and more; below, the rounding to the microsecond adds up to 0.5 µs)%n", maxRelativeError * 100);
        }
    }

    private static double ms(Random random, double median, double sigma) {
        return Math.round(median * Math.exp(sigma * random.nextGaussian()) * 1000.0) / 1000.0;
    }

    private static JsonNode summary(TestApi api, String period) {
        TestApi.Answer a = api.get("/api/v1/checks/latency/summary?period=" + period, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    private static void assertClose(JsonNode summary, List<Generated> all, Predicate<Generated> inWindow) {
        List<Generated> window = all.stream().filter(inWindow).toList();
        assertFigures(summary.get("overall"), window);
        for (String region : List.of("eu-west", "us-east")) {
            assertFigures(summary.get("regions").get(region), window.stream().filter(g -> g.region.equals(region))
                    .toList());
        }
    }

    private static void assertFigures(JsonNode figures, List<Generated> results) {
        long failures = results.stream().filter(g -> !g.result.ok()).count();
        assertThat(figures.get("runs").asLong()).isEqualTo(results.size());
        assertThat(figures.get("failures").asLong()).isEqualTo(failures);
        assertThat(figures.get("errors").path("status").asLong()).isEqualTo(failures);
        List<Generated> passed = results.stream().filter(g -> g.result.ok()).toList();
        List<String> phases = new ArrayList<>(List.of("total"));
        phases.addAll(List.of(PHASES));
        for (String phase : phases) {
            double[] sorted = passed.stream().mapToDouble(g -> g.latency(phase)).sorted().toArray();
            for (String q : List.of("p50", "p95", "p99")) {
                double raw = nearestRank(sorted, Double.parseDouble(q.substring(1)) / 100);
                double fromRollups = figures.get("latencyMs").get(phase).get(q).asDouble();
                if (raw >= 1) {
                    maxRelativeError = Math.max(maxRelativeError, Math.abs(fromRollups - raw) / raw);
                }
                assertThat(Math.abs(fromRollups - raw))
                        .as("%s %s: roll-ups %s, raw %s", phase, q, fromRollups, raw)
                        .isLessThanOrEqualTo(raw * LatencyHistogram.RELATIVE_ERROR + 0.001);
            }
        }
    }

    static double nearestRank(double[] sorted, double q) {
        int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[Math.min(sorted.length, rank) - 1];
    }

    @Test
    void nearest_rank_is_what_the_test_compares_against() {
        double[] v = {1, 2, 3, 4};
        assertThat(nearestRank(v, 0.5)).isEqualTo(2);
        assertThat(nearestRank(v, 0.99)).isEqualTo(4);
        assertThat(Arrays.stream(v).sum()).isEqualTo(10);
    }
}
