package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.US;
import static org.glassprobe.api.store.StoreFixtures.cursor;
import static org.glassprobe.api.store.StoreFixtures.failed;
import static org.glassprobe.api.store.StoreFixtures.passed;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glassprobe.api.ingest.IngestStore;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.query.CountRow;
import org.glassprobe.api.query.ResultQueries;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.query.SummarySource;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.RollupStore;
import org.glassprobe.api.rollup.Sample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link ResultQueries} promises, on H2 and on PostgreSQL: results go in through
 * {@link IngestStore}, roll-up rows are made by {@link RollupStore}.
 */
class ResultQueriesContractTest extends StoreDatabases {
    private static final Instant H9 = T0.minusSeconds(3600);

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void results_kept_compressed_and_rows_an_older_version_kept_as_text_read_back_alike(String database)
            throws Exception {
        Database db = open(database);
        ResultRow fresh = failed("site", T0);
        new JdbcIngestStore(db).ingest(EU, List.of(fresh), T0);
        String old = "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"note\":\"stored as text before V22\"}";
        try (var c = db.dataSource().getConnection(); var s = c.prepareStatement("INSERT INTO results (id, check_name,"
                + " probe_id, probe_name, region, started_at, received_at, ok, attempt, duration_ms, resolve_ms,"
                + " connect_ms, tls_ms, processing_ms, transfer_ms, body) VALUES (?, 'site', 1, 'eu-1',"
                + " 'eu-west', ?, ?, FALSE, 1, 1, 0, 0, 0, 0, 0, ?)")) {
            s.setObject(1, java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"));
            s.setLong(2, T0.minusSeconds(60).toEpochMilli());
            s.setLong(3, T0.toEpochMilli());
            s.setString(4, old);
            s.executeUpdate();
        }
        try (var c = db.dataSource().getConnection(); var s = c.prepareStatement(
                "SELECT body, body_deflated FROM results WHERE id = ?")) {
            s.setObject(1, fresh.id());
            try (var r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).as("no text kept beside the compressed body").isNull();
                assertThat(r.getBytes(2).length).isLessThan(fresh.body().length());
            }
        }
        JdbcResultQueries queries = new JdbcResultQueries(db);
        assertThat(queries.page("site", 0, Long.MAX_VALUE, null, null, 10)).extracting(StoredResult::body)
                .containsExactly(fresh.body(), old);
        assertThat(queries.failures("site", 0, Long.MAX_VALUE, 10)).extracting(StoredResult::body)
                .containsExactly(fresh.body(), old);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void page_is_newest_first_in_its_range_and_honours_region_cursor_and_limit(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", T0.minusSeconds(60), 100), passed("site", T0, 100),
                passed("site", T0.plusSeconds(60), 100), passed("site", T0.plusSeconds(120), 100),
                passed("site", T0.plusSeconds(180), 100), passed("other", T0.plusSeconds(60), 100)), T0);
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(60), 100), passed("site", T0.plusSeconds(120), 100)),
                T0.plusSeconds(1)); // stored after EU's: the later of two that started together
        long from = T0.toEpochMilli();
        long to = T0.plusSeconds(180).toEpochMilli();

        List<StoredResult> first = queries.page("site", from, to, null, null, 3);
        assertThat(first).extracting(StoredResult::startedAt, StoredResult::probe).containsExactly(
                tuple(T0.plusSeconds(120), "us-1"), tuple(T0.plusSeconds(120), "eu-1"),
                tuple(T0.plusSeconds(60), "us-1"));
        List<StoredResult> second = queries.page("site", from, to, null, cursor(first), 3);
        assertThat(second).extracting(StoredResult::startedAt, StoredResult::probe).containsExactly(
                tuple(T0.plusSeconds(60), "eu-1"), tuple(T0, "eu-1"));
        assertThat(queries.page("site", from, to, null, cursor(second), 3)).isEmpty();

        assertThat(queries.page("site", from, to, "us-east", null, 10)).extracting(StoredResult::region)
                .containsExactly("us-east", "us-east");
        List<StoredResult> euFirst = queries.page("site", from, to, "eu-west", null, 2);
        assertThat(euFirst).extracting(StoredResult::startedAt).containsExactly(T0.plusSeconds(120),
                T0.plusSeconds(60));
        assertThat(queries.page("site", from, to, "eu-west", cursor(euFirst), 2)).extracting(StoredResult::startedAt)
                .containsExactly(T0);
        assertThat(queries.page("nothing", from, to, null, null, 3)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void summarySource_reads_hour_rows_minute_rows_and_pending_results_each_in_its_range(String database)
            throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", H9.plusSeconds(1800), 100), failed("site", T0.plusSeconds(10)),
                passed("other", T0.plusSeconds(10), 100)), T0.plusSeconds(70));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(70), 100)), T0.plusSeconds(70));
        rollups.rollUpNext(100);
        ingest.ingest(EU, List.of(passed("site", T0.plusSeconds(125), 150), passed("site", T0.plusSeconds(300), 100)),
                T0.plusSeconds(301));

        SummarySource source = queries.summarySource("site", H9.toEpochMilli(), T0.toEpochMilli(),
                List.<long[]>of(new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()}),
                T0.toEpochMilli(), T0.plusSeconds(180).toEpochMilli());

        assertThat(source.hours()).extracting(SummarySource.RollupRow::region, SummarySource.RollupRow::bucketStart,
                SummarySource.RollupRow::runs, SummarySource.RollupRow::failures)
                .as("10:00's hour is not in [9:00, 10:00)")
                .containsExactly(tuple("eu-west", H9.toEpochMilli(), 1L, 0L));
        assertThat(source.minutes()).extracting(SummarySource.RollupRow::region, SummarySource.RollupRow::bucketStart,
                SummarySource.RollupRow::runs, SummarySource.RollupRow::failures, SummarySource.RollupRow::errorKinds)
                .as("10:01's minute is not in the range; another check's rows are not read")
                .containsExactly(tuple("eu-west", T0.toEpochMilli(), 1L, 1L, "status:1"));
        assertThat(source.pending()).as("rolled-up results and those after the range left out")
                .extracting(Sample::region, Sample::startedAtMs, Sample::ok)
                .containsExactly(tuple("eu-west", T0.plusSeconds(125).toEpochMilli(), true));
        assertThat(source.pending().get(0).latencies()).containsExactly(150, 1, 2, 3, 75, 4);

        SummarySource twoRanges = queries.summarySource("site", 0, 0, List.<long[]>of(
                new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()},
                new long[] {T0.plusSeconds(60).toEpochMilli(), T0.plusSeconds(120).toEpochMilli()}), 0, 0);
        assertThat(twoRanges.hours()).as("an empty hour range").isEmpty();
        assertThat(twoRanges.minutes()).extracting(SummarySource.RollupRow::region)
                .containsExactlyInAnyOrder("eu-west", "us-east");
        assertThat(twoRanges.pending()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void summarySource_reads_the_histograms_of_only_the_phases_asked_for(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", H9.plusSeconds(1800), 100), failed("site", H9.plusSeconds(1900)),
                passed("site", T0.plusSeconds(10), 120)), T0.plusSeconds(70));
        rollups.rollUpNext(100);
        ingest.ingest(EU, List.of(passed("site", T0.plusSeconds(125), 150)), T0.plusSeconds(130));
        ResultQueries.Span span = new ResultQueries.Span(List.of(), List.<long[]>of(new long[] {H9.toEpochMilli(),
                T0.toEpochMilli()}), List.<long[]>of(new long[] {T0.toEpochMilli(), T0.plusSeconds(120).toEpochMilli()}),
                H9.toEpochMilli(), T0.plusSeconds(180).toEpochMilli());

        SummarySource all = queries.summarySource("site", span);
        SummarySource total = queries.summarySource("site", span, EnumSet.of(Phase.TOTAL));
        SummarySource two = queries.summarySource("site", span, EnumSet.of(Phase.TRANSFER, Phase.CONNECT));
        assertThat(all.hours()).hasSize(1);
        assertThat(all.minutes()).hasSize(1);
        assertThat(all.hours().get(0).histograms()).containsOnlyKeys(Phase.values());
        assertThat(total.hours()).extracting(SummarySource.RollupRow::histograms)
                .containsExactly(Map.of(Phase.TOTAL, all.hours().get(0).histograms().get(Phase.TOTAL)));
        assertThat(two.minutes()).extracting(SummarySource.RollupRow::histograms)
                .as("each phase's own column, whatever the order asked in")
                .containsExactly(Map.of(Phase.CONNECT, all.minutes().get(0).histograms().get(Phase.CONNECT),
                        Phase.TRANSFER, all.minutes().get(0).histograms().get(Phase.TRANSFER)));
        for (SummarySource some : List.of(total, two)) {
            assertThat(some.hours()).extracting(SummarySource.RollupRow::region, SummarySource.RollupRow::bucketStart,
                    SummarySource.RollupRow::runs, SummarySource.RollupRow::failures,
                    SummarySource.RollupRow::errorKinds).containsExactly(tuple("eu-west", H9.toEpochMilli(), 2L, 1L,
                            "status:1"));
            assertThat(some.minutes()).extracting(SummarySource.RollupRow::bucketStart)
                    .containsExactly(T0.toEpochMilli());
            assertThat(some.pending()).extracting(Sample::startedAtMs)
                    .containsExactly(T0.plusSeconds(125).toEpochMilli());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void counts_sums_runs_and_failures_per_check_and_region_from_the_three_sources(String database)
            throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", H9.plusSeconds(600), 100), failed("site", H9.plusSeconds(1200)),
                failed("site", T0.plusSeconds(10)), passed("other", T0.plusSeconds(20), 100)), T0.plusSeconds(60));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(15), 100)), T0.plusSeconds(60));
        rollups.rollUpNext(100);
        ingest.ingest(EU, List.of(failed("site", T0.plusSeconds(70)), passed("site", T0.plusSeconds(130), 100)),
                T0.plusSeconds(131));
        List<long[]> minutes = List.<long[]>of(new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()});
        long hourFrom = H9.toEpochMilli();
        long hourTo = T0.toEpochMilli();
        long pendingFrom = T0.plusSeconds(60).toEpochMilli();
        long pendingTo = T0.plusSeconds(180).toEpochMilli();

        List<CountRow> all = queries.counts(null, hourFrom, hourTo, minutes, pendingFrom, pendingTo, 0);
        assertThat(all).extracting(CountRow::bucketStart).containsOnly(0L);
        assertThat(sums(all)).isEqualTo(Map.of("site/eu-west", List.of(5L, 3L), "site/us-east", List.of(1L, 0L),
                "other/eu-west", List.of(1L, 0L)));
        assertThat(sums(queries.counts("site", hourFrom, hourTo, minutes, pendingFrom, pendingTo, 0)))
                .isEqualTo(Map.of("site/eu-west", List.of(5L, 3L), "site/us-east", List.of(1L, 0L)));

        List<CountRow> perMinute = queries.counts("site", hourFrom, hourTo, minutes, pendingFrom, pendingTo, 60_000);
        assertThat(perMinute.stream().filter(r -> r.region().equals("eu-west")).collect(Collectors.groupingBy(
                CountRow::bucketStart, Collectors.summingLong(CountRow::runs)))).as("an hour row counts at its start")
                .isEqualTo(Map.of(H9.toEpochMilli(), 2L, T0.toEpochMilli(), 1L, T0.plusSeconds(60).toEpochMilli(), 1L,
                        T0.plusSeconds(120).toEpochMilli(), 1L));
        assertThatThrownBy(() -> queries.counts(null, hourFrom, hourTo, minutes, pendingFrom, pendingTo, 7_000))
                .as("a bucket must divide a day").isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void counts_of_several_queries_are_read_together_each_as_if_alone(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        long day = 86_400_000L;
        long today = Math.floorDiv(T0.toEpochMilli(), day) * day;
        ingest.ingest(EU, List.of(passed("site", Instant.ofEpochMilli(today - day + 5_000), 100),
                failed("site", H9.plusSeconds(600)), passed("site", T0.plusSeconds(10), 100),
                passed("other", T0.plusSeconds(20), 100)), T0.plusSeconds(60));
        ingest.ingest(US, List.of(failed("site", T0.plusSeconds(15))), T0.plusSeconds(60));
        rollups.rollUpNext(100);
        ingest.ingest(EU, List.of(failed("site", T0.plusSeconds(70)), passed("site", T0.plusSeconds(130), 100)),
                T0.plusSeconds(131));
        ResultQueries.Span wide = new ResultQueries.Span(List.<long[]>of(new long[] {today - day, today}),
                List.<long[]>of(new long[] {today, T0.toEpochMilli()}), List.<long[]>of(new long[] {T0.toEpochMilli(),
                T0.plusSeconds(60).toEpochMilli()}), T0.plusSeconds(60).toEpochMilli(), T0.plusSeconds(180)
                .toEpochMilli());
        ResultQueries.Span recent = new ResultQueries.Span(List.of(), List.of(), List.<long[]>of(
                new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()}, new long[] {0, 0}),
                T0.toEpochMilli(), T0.plusSeconds(180).toEpochMilli());
        ResultQueries.Span nothing = new ResultQueries.Span(List.of(), List.<long[]>of(new long[] {5, 5}), List.of(),
                0, 0);
        List<ResultQueries.CountQuery> asked = List.of(new ResultQueries.CountQuery(wide, 0),
                new ResultQueries.CountQuery(wide, day), new ResultQueries.CountQuery(nothing, 0),
                new ResultQueries.CountQuery(recent, 60_000), new ResultQueries.CountQuery(recent, 0));

        for (String check : java.util.Arrays.asList(null, "site")) {
            List<List<CountRow>> together = queries.counts(check, asked);
            assertThat(together).hasSize(asked.size());
            for (int i = 0; i < asked.size(); i++) {
                assertThat(together.get(i)).as("query %d of check %s", i, check).containsExactlyInAnyOrderElementsOf(
                        queries.counts(check, asked.get(i).span(), asked.get(i).bucketMs()));
            }
        }
        List<List<CountRow>> site = queries.counts("site", asked);
        assertThat(sums(site.get(0))).isEqualTo(Map.of("site/eu-west", List.of(5L, 2L), "site/us-east",
                List.of(1L, 1L)));
        assertThat(site.get(1)).extracting(CountRow::region, CountRow::bucketStart, CountRow::runs)
                .as("by day: yesterday's day row, today's hour, minute and raw rows")
                .containsExactlyInAnyOrder(tuple("eu-west", today - day, 1L), tuple("eu-west", today, 1L),
                        tuple("eu-west", today, 1L), tuple("eu-west", today, 2L), tuple("us-east", today, 1L));
        assertThat(sums(site.get(1))).isEqualTo(sums(site.get(0)));
        assertThat(site.get(2)).isEmpty();
        assertThat(site.get(3)).extracting(CountRow::region, CountRow::bucketStart, CountRow::runs, CountRow::failures)
                .containsExactlyInAnyOrder(tuple("eu-west", T0.toEpochMilli(), 1L, 0L),
                        tuple("us-east", T0.toEpochMilli(), 1L, 1L),
                        tuple("eu-west", T0.plusSeconds(60).toEpochMilli(), 1L, 1L),
                        tuple("eu-west", T0.plusSeconds(120).toEpochMilli(), 1L, 0L));
        assertThat(queries.counts(null, List.of(new ResultQueries.CountQuery(nothing, 0)))).containsExactly(List.of());
        assertThat(queries.counts(null, List.of())).isEmpty();
        assertThatThrownBy(() -> queries.counts(null, List.of(new ResultQueries.CountQuery(recent, 0),
                new ResultQueries.CountQuery(wide, 3_600_000L)))).as("a day row is not split into hours")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void day_rows_hold_each_utc_day_also_late_results_and_the_migration_makes_them_alike_from_hour_rows(
            String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        long day = 86_400_000L;
        long today = Math.floorDiv(T0.toEpochMilli(), day) * day;
        Instant yesterday = Instant.ofEpochMilli(today - day);
        ingest.ingest(EU, List.of(passed("site", yesterday.plusSeconds(60), 100), failed("site",
                yesterday.plusSeconds(7_200)), passed("site", T0, 120), passed("other", T0, 100)), T0);
        ingest.ingest(US, List.of(passed("site", yesterday.plusSeconds(86_399), 80)), T0);
        rollups.rollUpNext(100);
        ingest.ingest(EU, List.of(passed("site", yesterday.plusSeconds(3_600), 90)), T0.plusSeconds(5)); // late
        rollups.rollUpNext(100);

        ResultQueries.Span twoDays = new ResultQueries.Span(List.<long[]>of(new long[] {today - day, today + day}),
                List.of(), List.of(), 0, 0);
        SummarySource days = queries.summarySource("site", twoDays);
        assertThat(days.hours()).isEmpty();
        assertThat(days.days()).extracting(SummarySource.RollupRow::region, SummarySource.RollupRow::bucketStart,
                SummarySource.RollupRow::runs, SummarySource.RollupRow::failures, SummarySource.RollupRow::errorKinds)
                .containsExactlyInAnyOrder(tuple("eu-west", today - day, 3L, 1L, "status:1"),
                        tuple("eu-west", today, 1L, 0L, ""), tuple("us-east", today - day, 1L, 0L, ""));
        assertThat(sums(queries.counts("site", twoDays, day))).isEqualTo(Map.of("site/eu-west", List.of(4L, 1L),
                "site/us-east", List.of(1L, 0L)));
        assertThat(queries.counts("site", twoDays, day)).extracting(CountRow::bucketStart)
                .containsOnly(today - day, today);
        assertThatThrownBy(() -> queries.counts("site", twoDays, 3_600_000L)).as("a day row is not split into hours")
                .isInstanceOf(IllegalArgumentException.class);

        Map<String, String> made = dayRows(db);
        try (var c = db.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM rollup_day");
            c.setAutoCommit(false);
            new DayRollupsMigration().migrate(new org.flywaydb.core.api.migration.Context() {
                @Override
                public org.flywaydb.core.api.configuration.Configuration getConfiguration() {
                    return null;
                }

                @Override
                public java.sql.Connection getConnection() {
                    return c;
                }
            });
            c.commit();
        }
        assertThat(dayRows(db)).as("the migration's day rows, from the hour rows, are the roll-up's").isEqualTo(made)
                .hasSize(4);
    }

    /** Every day row, every column, by check, region and day. */
    private static Map<String, String> dayRows(Database db) throws Exception {
        Map<String, String> rows = new java.util.TreeMap<>();
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
             var r = s.executeQuery("SELECT check_name, region, bucket_start, runs, failures, error_kinds, total_hist,"
                     + " resolve_hist, connect_hist, tls_hist, processing_hist, transfer_hist FROM rollup_day")) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 4; i <= 12; i++) {
                    row.append(r.getString(i)).append('|');
                }
                rows.put(r.getString(1) + "/" + r.getString(2) + "/" + r.getLong(3), row.toString());
            }
        }
        return rows;
    }

    /** Runs and failures by check and region, summed over the rows (one per source and bucket). */
    private static Map<String, List<Long>> sums(List<CountRow> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> r.check() + "/" + r.region(),
                Collectors.collectingAndThen(Collectors.toList(), list -> List.of(
                        list.stream().mapToLong(CountRow::runs).sum(),
                        list.stream().mapToLong(CountRow::failures).sum()))));
    }
}
