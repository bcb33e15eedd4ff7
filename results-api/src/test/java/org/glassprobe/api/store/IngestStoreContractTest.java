package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.STATUS_503;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.US;
import static org.glassprobe.api.store.StoreFixtures.failed;
import static org.glassprobe.api.store.StoreFixtures.passed;

import java.time.Instant;
import java.util.List;
import org.glassprobe.api.ingest.IngestCounts;
import org.glassprobe.api.ingest.IngestStore;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.outage.OutageStore;
import org.glassprobe.api.outage.PolicyCodec;
import org.glassprobe.api.outage.Vote;
import org.glassprobe.api.page.RecentResults;
import org.glassprobe.api.query.StoredResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link IngestStore} promises, on H2 and on PostgreSQL: the stored results are read back
 * through {@link RecentResults}, the latest result per check and probe through the outage
 * decisions' {@link OutageStore#votes}.
 */
class IngestStoreContractTest extends StoreDatabases {
    private static final long FAR = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void ingest_stores_each_result_once_and_counts_repeats_as_duplicates(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RecentResults results = new JdbcResultQueries(db);
        ResultRow a = passed("site", T0, 120);
        ResultRow b = failed("site", T0.plusSeconds(30));
        ResultRow c = passed("site", T0.plusSeconds(60), 110);
        ResultRow aResent = new ResultRow(a.id(), 1, null, "{\"resent\":true}", a.sample(), false);

        assertThat(ingest.ingest(EU, List.of(a, b), T0.plusSeconds(31))).isEqualTo(new IngestCounts(2, 0, 0));
        assertThat(ingest.ingest(EU, List.of(aResent, c, c), T0.plusSeconds(61)))
                .as("one stored before, one twice in the batch").isEqualTo(new IngestCounts(1, 2, 0));

        List<StoredResult> stored = results.page("site", 0, FAR, null, null, 10);
        assertThat(stored).extracting(StoredResult::startedAt)
                .containsExactly(T0.plusSeconds(60), T0.plusSeconds(30), T0);
        assertThat(stored.get(2).body()).as("the first copy is kept").isEqualTo(a.body());
        assertThat(stored).extracting(StoredResult::probe).containsOnly("eu-1");
        assertThat(stored).extracting(StoredResult::region).as("the probe's region, from its token")
                .containsOnly("eu-west");
        assertThat(stored).extracting(StoredResult::receivedAt)
                .containsExactly(T0.plusSeconds(61), T0.plusSeconds(31), T0.plusSeconds(31));
        assertThat(ingest.ingest(EU, List.of(), T0)).isEqualTo(new IngestCounts(0, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void the_latest_result_per_check_and_probe_moves_forward_only(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        OutageStore outages = new JdbcOutageStore(db, PolicyCodec::decode);
        ResultRow first = passed("site", T0, 120);
        ingest.ingest(EU, List.of(first), T0);
        assertThat(outages.votes("site")).singleElement().satisfies(v -> {
            assertThat(v.probe()).isEqualTo("eu-1");
            assertThat(v.region()).isEqualTo("eu-west");
            assertThat(v.resultId()).isEqualTo(first.id().toString());
            assertThat(v.startedAt()).isEqualTo(T0);
            assertThat(v.ok()).isTrue();
            assertThat(v.durationMs()).isEqualTo(120.0);
        });

        ingest.ingest(EU, List.of(failed("site", T0.minusSeconds(60))), T0.plusSeconds(1));
        assertThat(outages.votes("site")).as("an older result arriving late").singleElement()
                .satisfies(v -> assertThat(v.resultId()).isEqualTo(first.id().toString()));

        ResultRow newest = failed("site", T0.plusSeconds(60));
        ingest.ingest(EU, List.of(newest, passed("site", T0.plusSeconds(30), 100)), T0.plusSeconds(61));
        assertThat(outages.votes("site")).as("the newest of a batch, whatever its place").singleElement()
                .satisfies(v -> {
                    assertThat(v.resultId()).isEqualTo(newest.id().toString());
                    assertThat(v.startedAt()).isEqualTo(T0.plusSeconds(60));
                    assertThat(v.ok()).isFalse();
                    assertThat(v.errorKind()).isEqualTo("status");
                    assertThat(v.errorMessage()).isEqualTo(STATUS_503);
                });

        ingest.ingest(US, List.of(passed("site", T0, 90)), T0.plusSeconds(62));
        ingest.ingest(EU, List.of(passed("other", T0.plusSeconds(90), 80)), T0.plusSeconds(91));
        assertThat(outages.votes("site")).extracting(Vote::probe, Vote::startedAt, Vote::ok)
                .as("each probe its own, each check its own").containsExactlyInAnyOrder(
                        tuple("eu-1", T0.plusSeconds(60), false),
                        tuple("us-1", T0, true));
        assertThat(outages.votes("other")).extracting(Vote::probe).containsExactly("eu-1");
    }
}
