package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.US;
import static org.glassprobe.api.store.StoreFixtures.failed;
import static org.glassprobe.api.store.StoreFixtures.passed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.ingest.IngestStore;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.liveness.Heartbeat;
import org.glassprobe.api.liveness.LivenessStore;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.liveness.ProbeEvent;
import org.glassprobe.api.liveness.ProbeStatus;
import org.glassprobe.api.page.RecentResults;
import org.glassprobe.api.probes.ProbeStore;
import org.glassprobe.api.query.ResultQueries;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.query.SummarySource;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.RollupStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link RollupStore} promises, on H2 and on PostgreSQL: results go in through
 * {@link IngestStore}, roll-up rows are read back through {@link ResultQueries#summarySource}.
 */
class RollupStoreContractTest extends StoreDatabases {
    private static final long FAR = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rollUpNext_folds_at_most_the_limit_into_minute_and_hour_rows_then_returns_zero(String database)
            throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", T0, 100), failed("site", T0.plusSeconds(10)),
                passed("site", T0.plusSeconds(20), 120), failed("site", T0.plusSeconds(30)),
                passed("site", T0.plusSeconds(40), 140)), T0.plusSeconds(41));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(5), 90)), T0.plusSeconds(41));

        assertThat(rollups.rollUpNext(4)).isEqualTo(4);
        assertThat(rollups.rollUpNext(4)).as("fewer than the limit: nothing is left").isEqualTo(2);
        assertThat(rollups.rollUpNext(4)).isZero();

        SummarySource source = queries.summarySource("site", T0.toEpochMilli(), T0.plusSeconds(3600).toEpochMilli(),
                List.of(new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()}), 0, FAR);
        for (List<SummarySource.RollupRow> rows : List.of(source.hours(), source.minutes())) {
            assertThat(rows).extracting(SummarySource.RollupRow::region, SummarySource.RollupRow::bucketStart,
                    SummarySource.RollupRow::runs, SummarySource.RollupRow::failures,
                    SummarySource.RollupRow::errorKinds).containsExactlyInAnyOrder(
                            tuple("eu-west", T0.toEpochMilli(), 5L, 2L, "status:2"),
                            tuple("us-east", T0.toEpochMilli(), 1L, 0L, ""));
            SummarySource.RollupRow eu = rows.stream().filter(r -> r.region().equals("eu-west")).findFirst()
                    .orElseThrow();
            assertThat(LatencyHistogram.decode(eu.histograms().get(Phase.TOTAL)).count())
                    .as("latencies of the passed runs only").isEqualTo(3);
        }
        assertThat(source.pending()).as("every result is rolled up").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_result_arriving_after_its_minute_was_rolled_up_merges_into_the_same_rows(String database)
            throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", T0.plusSeconds(10), 100), passed("site", T0.plusSeconds(20), 100)),
                T0.plusSeconds(21));
        assertThat(rollups.rollUpNext(10)).isEqualTo(2);

        ingest.ingest(EU, List.of(failed("site", T0.plusSeconds(5))), T0.plusSeconds(300));
        assertThat(rollups.rollUpNext(10)).isEqualTo(1);
        assertThat(rollups.rollUpNext(10)).isZero();

        SummarySource source = queries.summarySource("site", T0.toEpochMilli(), T0.plusSeconds(3600).toEpochMilli(),
                List.<long[]>of(new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()}), 0, FAR);
        assertThat(source.minutes()).singleElement().satisfies(r -> {
            assertThat(r.runs()).isEqualTo(3);
            assertThat(r.failures()).isEqualTo(1);
            assertThat(LatencyHistogram.decode(r.histograms().get(Phase.TOTAL)).count()).isEqualTo(2);
        });
        assertThat(source.hours()).singleElement().satisfies(r -> assertThat(r.runs()).isEqualTo(3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rolling_up_leaves_each_result_as_written_and_a_result_in_maintenance_is_never_listed(String database)
            throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        ResultRow maintained = passed("site", T0.plusSeconds(20), 100);
        ingest.ingest(EU, List.of(passed("site", T0, 100), failed("site", T0.plusSeconds(10)),
                new ResultRow(maintained.id(), 1, null, maintained.body(), maintained.sample(), true)), T0);
        Map<String, String> written = rowVersions(db);

        assertThat(new JdbcRollupStore(db).rollUpNext(10)).as("the result in maintenance is not folded").isEqualTo(2);

        assertThat(rowVersions(db)).as("no result row is written again (PostgreSQL: the same xmin and ctid)")
                .isEqualTo(written).hasSize(3);
        assertThat(count(db, "results_unrolled")).as("nothing is left to roll up").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void results_an_older_version_left_unrolled_under_its_flag_are_folded_once_after_the_migration(String database)
            throws Exception {
        Database db = openAfter(database, "23", c -> {
            try (var s = c.prepareStatement("INSERT INTO results (id, check_name, probe_id, probe_name, region,"
                    + " started_at, received_at, ok, attempt, duration_ms, resolve_ms, connect_ms, tls_ms,"
                    + " processing_ms, transfer_ms, error_kind, rolled_up, body)"
                    + " VALUES (?, 'site', 1, 'eu-1', 'eu-west', ?, ?, ?, 1, 100, 0, 0, 0, 0, 0, ?, ?, '{}')")) {
                Object[][] rows = {{T0, true, null, false}, {T0.plusSeconds(10), false, "status", false},
                        {T0.plusSeconds(20), true, null, true}}; // the last one folded already
                for (Object[] row : rows) {
                    s.setObject(1, java.util.UUID.randomUUID());
                    s.setLong(2, ((Instant) row[0]).toEpochMilli());
                    s.setLong(3, T0.plusSeconds(30).toEpochMilli());
                    s.setBoolean(4, (Boolean) row[1]);
                    s.setString(5, (String) row[2]);
                    s.setBoolean(6, (Boolean) row[3]);
                    s.executeUpdate();
                }
            }
            return null;
        });
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        SummarySource before = queries.summarySource("site", 0, 0, List.<long[]>of(), 0, FAR);
        assertThat(before.pending()).extracting(s -> s.startedAtMs())
                .containsExactlyInAnyOrder(T0.toEpochMilli(), T0.plusSeconds(10).toEpochMilli());

        assertThat(rollups.rollUpNext(10)).isEqualTo(2);
        assertThat(rollups.rollUpNext(10)).isZero();

        SummarySource after = queries.summarySource("site", 0, 0,
                List.<long[]>of(new long[] {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli()}), 0, FAR);
        assertThat(after.minutes()).extracting(SummarySource.RollupRow::runs, SummarySource.RollupRow::failures)
                .containsExactly(tuple(2L, 1L));
        assertThat(after.pending()).isEmpty();
    }

    /** Each result's id with its row version: PostgreSQL's xmin and ctid; H2 shows none, so an empty text. */
    private static Map<String, String> rowVersions(Database db) throws Exception {
        boolean postgres = db.vendor() == Database.Vendor.POSTGRESQL;
        Map<String, String> versions = new java.util.TreeMap<>();
        try (var c = db.dataSource().getConnection(); var s = c.createStatement(); var r = s.executeQuery(
                "SELECT CAST(id AS VARCHAR(36)), " + (postgres ? "xmin::text || ' ' || ctid::text" : "''")
                        + " FROM results")) {
            while (r.next()) {
                versions.put(r.getString(1), r.getString(2));
            }
        }
        return versions;
    }

    private static long count(Database db, String table) throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement();
                var r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deleteExpired_deletes_what_outlived_each_retention_in_chunks_and_counts_it(String database)
            throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RollupStore rollups = new JdbcRollupStore(db);
        ResultQueries queries = new JdbcResultQueries(db);
        RecentResults recent = new JdbcResultQueries(db);
        ProbeStore probes = new JdbcProbeStore(db, Json.newMapper());
        LivenessStore liveness = new JdbcProbeStore(db, Json.newMapper());
        Instant old = T0.minus(Duration.ofDays(10));
        Instant mid = T0.minus(Duration.ofDays(2));
        Instant lastHour = T0.minus(Duration.ofHours(1));

        List<ResultRow> oldRows = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) { // more than one chunk of deletes
            oldRows.add(passed("site", old.plusMillis(i), 100));
        }
        ingest.ingest(EU, oldRows, old);
        ingest.ingest(EU, List.of(passed("site", mid, 100), passed("site", lastHour, 100)), lastHour);
        assertThat(rollups.rollUpNext(5_000)).isEqualTo(1_003);
        ResultRow notRolledUp = passed("site", old.plusSeconds(30), 100);
        ingest.ingest(EU, List.of(notRolledUp), T0);

        Probe probe = probes.enrol("eu-1", "eu-west", Map.of(), "hash-eu-1", old);
        liveness.heartbeat(new Caller.ProbeCaller(probe.id(), probe.name(), probe.region()),
                new LivenessStore.HeartbeatWrite(new Heartbeat(null, null, null, null, null, null, null, null, null),
                        old, old, null, false)); // new → up, at old
        liveness.transition(liveness.findById(probe.id()).orElseThrow(), ProbeStatus.LATE, lastHour);

        RollupStore.Deleted deleted = rollups.deleteExpired(T0.minus(Duration.ofDays(1)).toEpochMilli(),
                T0.minus(Duration.ofDays(3)).toEpochMilli(), T0.minus(Duration.ofDays(5)).toEpochMilli());

        assertThat(deleted).isEqualTo(new RollupStore.Deleted(1_002, 1, 1, 1, 1));
        assertThat(recent.page("site", 0, FAR, null, null, 10)).extracting(StoredResult::startedAt)
                .as("a raw result not rolled up yet stays").containsExactly(lastHour, old.plusSeconds(30));
        SummarySource left = queries.summarySource("site", 0, FAR, List.<long[]>of(new long[] {0, FAR}), 0, 0);
        assertThat(left.minutes()).extracting(SummarySource.RollupRow::bucketStart)
                .containsExactlyInAnyOrder(mid.toEpochMilli(), lastHour.toEpochMilli());
        assertThat(left.hours()).extracting(SummarySource.RollupRow::bucketStart)
                .containsExactlyInAnyOrder(mid.toEpochMilli(), lastHour.toEpochMilli());
        assertThat(probes.events(probe.id(), 10)).extracting(ProbeEvent::at).containsExactly(lastHour);
        assertThat(rollups.deleteExpired(T0.minus(Duration.ofDays(1)).toEpochMilli(),
                T0.minus(Duration.ofDays(3)).toEpochMilli(), T0.minus(Duration.ofDays(5)).toEpochMilli()))
                .isEqualTo(new RollupStore.Deleted(0, 0, 0, 0, 0));
    }
}
