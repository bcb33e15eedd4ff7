package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.EU2;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.US;
import static org.glassprobe.api.store.StoreFixtures.cursor;
import static org.glassprobe.api.store.StoreFixtures.failed;
import static org.glassprobe.api.store.StoreFixtures.passed;
import static org.glassprobe.api.store.StoreFixtures.result;

import java.time.Instant;
import java.util.List;
import org.glassprobe.api.ingest.IngestStore;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.page.RecentResults;
import org.glassprobe.api.query.StoredResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link RecentResults} (the page's reads) promises, on H2 and on PostgreSQL. Its
 * {@code page} is the same method as {@code ResultQueries.page}, which
 * {@link ResultQueriesContractTest} covers in full; here it is read through this interface once.
 */
class RecentResultsContractTest extends StoreDatabases {
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void page_is_newest_first_and_goes_on_after_the_cursor(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RecentResults recent = new JdbcResultQueries(db);
        ingest.ingest(EU, List.of(passed("site", T0, 100), passed("site", T0.plusSeconds(30), 100),
                passed("site", T0.plusSeconds(60), 100)), T0.plusSeconds(61));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(30), 100)), T0.plusSeconds(61));

        List<StoredResult> first = recent.page("site", T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(), null,
                null, 2);
        assertThat(first).extracting(StoredResult::startedAt, StoredResult::probe).containsExactly(
                tuple(T0.plusSeconds(30), "us-1"), tuple(T0.plusSeconds(30), "eu-1"));
        assertThat(recent.page("site", T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(), "eu-west",
                cursor(first), 2)).extracting(StoredResult::startedAt).containsExactly(T0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void failures_are_the_newest_failed_runs_in_the_range_by_start_then_arrival(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        RecentResults recent = new JdbcResultQueries(db);
        ResultRow timeout = result("site", T0.plusSeconds(60), false, 5000, "timeout", null, false);
        ingest.ingest(EU, List.of(failed("site", T0.minusSeconds(30)), failed("site", T0), passed("site",
                T0.plusSeconds(30), 100), timeout, failed("site", T0.plusSeconds(90)), failed("other",
                T0.plusSeconds(60))), T0.plusSeconds(91));
        ResultRow sameStartLater = failed("site", T0.plusSeconds(60));
        ingest.ingest(US, List.of(sameStartLater), T0.plusSeconds(92));

        List<StoredResult> failures = recent.failures("site", T0.toEpochMilli(), T0.plusSeconds(90).toEpochMilli(),
                10);
        assertThat(failures).extracting(StoredResult::startedAt, StoredResult::probe).containsExactly(
                tuple(T0.plusSeconds(60), "us-1"), tuple(T0.plusSeconds(60), "eu-1"), tuple(T0, "eu-1"));
        assertThat(failures.get(0).body()).isEqualTo(sameStartLater.body());
        assertThat(failures.get(1).body()).isEqualTo(timeout.body());
        assertThat(recent.failures("site", T0.toEpochMilli(), T0.plusSeconds(90).toEpochMilli(), 1))
                .extracting(StoredResult::probe).containsExactly("us-1");
        assertThat(recent.failures("site", T0.plusSeconds(20).toEpochMilli(), T0.plusSeconds(50).toEpochMilli(), 10))
                .as("a passed run is no failure").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void certificate_expiry_is_the_earliest_of_each_regions_latest_results(String database) throws Exception {
        Database db = open(database);
        IngestStore ingest = new JdbcIngestStore(db);
        JdbcResultQueries queries = new JdbcResultQueries(db);
        Instant soon = T0.plus(java.time.Duration.ofDays(5));
        Instant later = T0.plus(java.time.Duration.ofDays(40));
        ingest.ingest(EU, List.of(tls(passed("site", T0, 100), soon, "TLS 1.2"),
                tls(passed("site", T0.plusSeconds(30), 100), later, "TLS 1.3")), T0.plusSeconds(31));
        ingest.ingest(EU2, List.of(tls(passed("site", T0.plusSeconds(30), 100), soon, "TLS 1.3")), T0.plusSeconds(31));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(30), 100)), T0.plusSeconds(31));

        assertThat(((RecentResults) queries).certificateExpiry("site")).containsExactly(
                java.util.Map.entry("eu-west", soon));
        assertThat(queries.latest()).filteredOn(l -> l.probe().equals("eu-1")).singleElement()
                .satisfies(l -> {
                    assertThat(l.certificateExpiry()).as("the latest result's").isEqualTo(later);
                    assertThat(l.tlsVersion()).isEqualTo("TLS 1.3");
                });
        assertThat(queries.latest()).filteredOn(l -> l.probe().equals("us-1")).singleElement()
                .satisfies(l -> assertThat(l.certificateExpiry()).isNull());
        assertThat(((RecentResults) queries).certificateExpiry("other")).isEmpty();
    }

    private static ResultRow tls(ResultRow row, Instant expiry, String version) {
        return new ResultRow(row.id(), row.attempt(), row.errorMessage(), row.body(), row.sample(),
                row.inMaintenance(), null, new ResultRow.Tls(expiry.toEpochMilli(), version));
    }
}
