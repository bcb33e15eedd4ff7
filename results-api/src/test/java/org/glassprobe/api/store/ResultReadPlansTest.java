package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.failed;
import static org.glassprobe.api.store.StoreFixtures.passed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassprobe.api.ingest.ResultRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A check's page reads its latest runs and latest failures from indexes in their order, and so
 * reads about the rows it shows, not every raw result of the check (V23): on a 10-million-result
 * history each of the two statements read 39,130 rows and took 0.3 to 1 s on H2.
 */
class ResultReadPlansTest extends StoreDatabases {
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void the_latest_runs_and_failures_are_read_in_index_order_and_stop_at_the_limit(String database)
            throws Exception {
        Database db = open(database);
        JdbcIngestStore ingest = new JdbcIngestStore(db);
        for (int batch = 0; batch < 20; batch++) {
            List<ResultRow> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                rows.add(n % 100 == 7 ? failed("site", T0.plusSeconds(n)) : passed("site", T0.plusSeconds(n), 10));
            }
            ingest.ingest(EU, rows, T0);
        }
        String latest = JdbcResultQueries.pageSql(false, false);
        String failures = JdbcResultQueries.FAILURES_SQL;
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (database.equals("PostgreSQL")) {
                s.execute("ANALYZE results");
                for (String sql : List.of(latest, failures)) {
                    assertThat(plan(c, "EXPLAIN " + sql)).as(sql).doesNotContain("Sort").contains("Index Scan Backward");
                }
                return;
            }
            assertThat(scanned(c, "EXPLAIN ANALYZE " + latest, 20)).as("rows read for the latest 20 of 2,000")
                    .isLessThanOrEqualTo(20);
            assertThat(scanned(c, "EXPLAIN ANALYZE " + failures, 10)).as("rows read for the latest 10 failures of 20")
                    .isLessThanOrEqualTo(10);
        }
    }

    private static String plan(Connection c, String explain) throws Exception {
        try (PreparedStatement s = c.prepareStatement(explain)) {
            bind(s, 20);
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    /** The rows H2 read for the statement, from its EXPLAIN ANALYZE. */
    private static int scanned(Connection c, String explain, int limit) throws Exception {
        try (PreparedStatement s = c.prepareStatement(explain)) {
            bind(s, limit);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Matcher m = SCAN_COUNT.matcher(r.getString(1));
                assertThat(m.find()).as(r.getString(1)).isTrue();
                return Integer.parseInt(m.group(1));
            }
        }
    }

    private static void bind(PreparedStatement s, int limit) throws Exception {
        s.setString(1, "site");
        s.setLong(2, 0);
        s.setLong(3, Long.MAX_VALUE);
        s.setInt(4, limit);
    }
}
