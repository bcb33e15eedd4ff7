package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many SQL statements the page's sums of runs and failures cost a request on H2, read from H2's
 * own query statistics: with many checks these sums were most of a page's time, and each statement
 * adds its own planning and index look-ups.
 */
class PageStatementsTest {
    @TempDir
    Path dir;

    @Test
    void each_page_sums_runs_over_its_periods_and_days_in_one_statement() throws SQLException {
        try (TestApi api = new TestApi(dir)) {
            api.pushPing("site");
            api.pushPing("api");
            String eu = api.enrol("eu-1", "eu-west");
            String us = api.enrol("us-1", "us-east");
            Instant now = api.clock.instant();
            List<CheckResult> results = new ArrayList<>();
            for (long minutes = 0; minutes < 6 * 24 * 60; minutes += 47) {
                results.add(TestApi.result("site", now.minus(Duration.ofMinutes(minutes)), minutes % 5 != 0));
                results.add(TestApi.result("api", now.minus(Duration.ofMinutes(minutes)), true));
            }
            for (int i = 0; i < results.size(); i += 400) {
                assertThat(api.postResults(eu, results.subList(i, Math.min(results.size(), i + 400))).status())
                        .isEqualTo(200);
            }
            api.api.rollups().runOnce();
            assertThat(api.postResults(us, List.of(TestApi.result("site", now.minusSeconds(5), true))).status())
                    .isEqualTo(200); // not rolled up
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().normalize()
                    .resolve("glassprobe") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "")) {
                for (String route : List.of("/", "/status.json", "/checks/site")) {
                    Map<String, Long> ran = statements(c, () -> assertThat(api.get(route, null).status())
                            .isEqualTo(200));
                    // four periods and the daily bars, each of day, hour and minute rows and raw results:
                    // 23 statements here before they were read together
                    assertThat(ran.entrySet().stream().filter(e -> e.getKey().contains("SUM("))
                            .mapToLong(Map.Entry::getValue).sum()).as(route + ": " + ran).isEqualTo(1);
                }
            }
        }
    }

    /** The statements run while the request was answered, and how often each ran. */
    private static Map<String, Long> statements(Connection c, Runnable request) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
            request.run();
            Map<String, Long> ran = new TreeMap<>();
            try (ResultSet r = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM"
                    + " INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (r.next()) {
                    ran.put(r.getString(1), r.getLong(2));
                }
            }
            s.execute("SET QUERY_STATISTICS FALSE");
            return ran;
        }
    }
}
