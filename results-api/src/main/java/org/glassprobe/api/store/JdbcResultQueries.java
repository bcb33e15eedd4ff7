package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.ingest.IngestCounts;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.page.RecentResults;
import org.glassprobe.api.query.CountRow;
import org.glassprobe.api.query.LatestResult;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.query.SummarySource;
import org.glassprobe.api.rollup.Bucket;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Resolution;
import org.glassprobe.api.rollup.Sample;
import org.glassprobe.api.query.ResultQueries;
import org.glassprobe.api.query.ResultQueries.Span;

/** Reads results and roll-ups: pages of raw results, the latest per check and probe, summaries' sources and counts. */
public final class JdbcResultQueries implements ResultQueries, RecentResults {
    private final Database db;

    public JdbcResultQueries(Database db) {
        this.db = db;
    }

    /** How many raw results are stored (all checks). */
    public long countResults() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM results")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    public long countResults(String check) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM results WHERE check_name = ?")) {
                s.setString(1, check);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /**
     * A page of a check's raw results, newest first, started in [fromMs, toMs), optionally of one
     * region, after the cursor (the last page's final startedAt and seq), at most {@code limit}.
     */
    @Override
    public List<StoredResult> page(String check, long fromMs, long toMs, String region, long[] cursor, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(pageSql(region != null, cursor != null))) {
                int i = 1;
                s.setString(i++, check);
                s.setLong(i++, fromMs);
                s.setLong(i++, toMs);
                if (region != null) {
                    s.setString(i++, region);
                }
                if (cursor != null) {
                    s.setLong(i++, cursor[0]);
                    s.setLong(i++, cursor[0]);
                    s.setLong(i++, cursor[1]);
                }
                s.setInt(i, limit);
                List<StoredResult> page = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        page.add(storedResult(r));
                    }
                }
                return page;
            }
        });
    }

    /**
     * {@link #page}'s statement. check_name leads the order although it is fixed: so H2 reads
     * results_check_time (V23) backwards and stops at the limit, instead of sorting every row of the
     * check in the range (39,130 rows of one check in bench page's 10-million-result history).
     */
    static String pageSql(boolean region, boolean cursor) {
        return "SELECT seq, probe_name, region, started_at, received_at, body, body_deflated FROM results"
                + " WHERE check_name = ? AND started_at >= ? AND started_at < ?"
                + (region ? " AND region = ?" : "")
                + (cursor ? " AND (started_at < ? OR (started_at = ? AND seq < ?))" : "")
                + " ORDER BY check_name DESC, started_at DESC, seq DESC FETCH FIRST ? ROWS ONLY";
    }

    /** A row of {@link #pageSql} or {@link #FAILURES_SQL}. */
    private static StoredResult storedResult(ResultSet r) throws SQLException {
        return new StoredResult(r.getLong(1), r.getString(2), r.getString(3), Instant.ofEpochMilli(r.getLong(4)),
                Instant.ofEpochMilli(r.getLong(5)), ResultBodies.read(r.getString(6), r.getBytes(7)));
    }

    /** {@link #failures}'s statement, in results_failed's order (V23; the fixed columns too, for H2). */
    static final String FAILURES_SQL = "SELECT seq, probe_name, region, started_at, received_at, body, body_deflated"
            + " FROM results WHERE check_name = ? AND started_at >= ? AND started_at < ? AND ok = FALSE"
            + " ORDER BY check_name DESC, ok DESC, started_at DESC, seq DESC FETCH FIRST ? ROWS ONLY";

    /**
     * A check's newest failed results, newest first (by startedAt, then arrival), started in
     * [fromMs, toMs), at most {@code limit}: what the uptime page shows of recent failures.
     */
    @Override
    public List<StoredResult> failures(String check, long fromMs, long toMs, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(FAILURES_SQL)) {
                s.setString(1, check);
                s.setLong(2, fromMs);
                s.setLong(3, toMs);
                s.setInt(4, limit);
                List<StoredResult> found = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(storedResult(r));
                    }
                }
                return found;
            }
        });
    }

    /** By region, the earliest certificate expiry of the latest results of the check there. */
    @Override
    public Map<String, Instant> certificateExpiry(String check) {
        return db.read(c -> {
            Map<String, Instant> byRegion = new java.util.TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT region, MIN(cert_expiry) FROM latest_results"
                    + " WHERE check_name = ? AND cert_expiry IS NOT NULL GROUP BY region")) {
                s.setString(1, check);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byRegion.put(r.getString(1), Instant.ofEpochMilli(r.getLong(2)));
                    }
                }
            }
            return byRegion;
        });
    }

    /** The newest result of every check from every probe. */
    public List<LatestResult> latest() {
        return db.read(c -> {
            List<LatestResult> latest = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT check_name, probe_name, region,"
                    + " started_at, ok, duration_ms, resolve_ms, connect_ms, tls_ms, processing_ms, transfer_ms,"
                    + " error_kind, cert_expiry, tls_version FROM latest_results")) {
                while (r.next()) {
                    long expiry = r.getLong(13);
                    Instant certificateExpiry = r.wasNull() ? null : Instant.ofEpochMilli(expiry);
                    latest.add(new LatestResult(r.getString(1), r.getString(2), r.getString(3),
                            Instant.ofEpochMilli(r.getLong(4)), r.getBoolean(5), r.getDouble(6), r.getDouble(7),
                            r.getDouble(8), r.getDouble(9), r.getDouble(10), r.getDouble(11), r.getString(12),
                            certificateExpiry, r.getString(14)));
                }
            }
            return Sql.byName(latest, l -> l.check() + "\u0000" + l.region() + "\u0000" + l.probe());
        });
    }

    /** The data of a summary of one check over a span, with the histograms of these phases, read in one snapshot. */
    @Override
    public SummarySource summarySource(String check, Span span, Set<Phase> histograms) {
        return db.read(Connection.TRANSACTION_REPEATABLE_READ, c -> {
            List<SummarySource.RollupRow> days = rollupRows(c, Resolution.DAY, check, span.days(), histograms);
            List<SummarySource.RollupRow> hours = rollupRows(c, Resolution.HOUR, check, span.hours(), histograms);
            List<SummarySource.RollupRow> minutes = rollupRows(c, Resolution.MINUTE, check, span.minutes(),
                    histograms);
            List<Sample> pending = new ArrayList<>();
            if (span.pendingFrom() < span.pendingTo()) {
                try (PreparedStatement s = c.prepareStatement("SELECT " + ResultRows.SAMPLE_COLUMNS
                        + " FROM results_unrolled WHERE check_name = ? AND started_at >= ? AND started_at < ?")) {
                    s.setString(1, check);
                    s.setLong(2, span.pendingFrom());
                    s.setLong(3, span.pendingTo());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            pending.add(ResultRows.sample(r));
                        }
                    }
                }
            }
            return new SummarySource(days, hours, minutes, pending);
        });
    }

    /**
     * Runs and failures per check (every check, or only {@code check} when not null) and region
     * over each query's span, summed in the database and without latency histograms, all read in one
     * statement. With a query's {@code bucketMs} above 0 its sums are per bucket of that width since
     * the epoch (it must divide a day, and day ranges are read only with a width of a day); with 0,
     * over the whole span.
     */
    @Override
    public List<List<CountRow>> counts(String check, List<CountQuery> queries) {
        for (CountQuery q : queries) {
            long bucketMs = q.bucketMs();
            if (bucketMs < 0 || (bucketMs > 0 && 86_400_000L % bucketMs != 0)) {
                throw new IllegalArgumentException("bucketMs must be 0 or divide a day, found " + bucketMs);
            }
            if (bucketMs > 0 && bucketMs != 86_400_000L && q.span().days().stream().anyMatch(d -> d[0] < d[1])) {
                throw new IllegalArgumentException("day rows cannot be split into buckets of " + bucketMs + " ms");
            }
        }
        // one branch for each range of each table of each query, tagged with the query's index
        List<String> branches = new ArrayList<>();
        List<Long> bounds = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Span span = queries.get(i).span();
            long bucketMs = queries.get(i).bucketMs();
            for (var r : List.of(Map.entry(Resolution.DAY, span.days()), Map.entry(Resolution.HOUR, span.hours()),
                    Map.entry(Resolution.MINUTE, span.minutes()))) {
                for (long[] range : r.getValue()) {
                    if (range[0] < range[1]) {
                        branches.add(countBranch(i, r.getKey().table(), "bucket_start", "runs", "failures", check,
                                bucketMs));
                        bounds.add(range[0]);
                        bounds.add(range[1]);
                    }
                }
            }
            if (span.pendingFrom() < span.pendingTo()) {
                branches.add(countBranch(i, "results_unrolled", "started_at", "1", "CASE WHEN ok THEN 0 ELSE 1 END",
                        check, bucketMs));
                bounds.add(span.pendingFrom());
                bounds.add(span.pendingTo());
            }
        }
        List<List<CountRow>> rows = new ArrayList<>();
        queries.forEach(q -> rows.add(new ArrayList<>()));
        if (branches.isEmpty()) {
            return rows;
        }
        return db.read(Connection.TRANSACTION_REPEATABLE_READ, c -> { // one statement: one snapshot
            try (PreparedStatement s = c.prepareStatement(String.join(" UNION ALL ", branches))) {
                int p = 1;
                for (int b = 0; b < branches.size(); b++) {
                    s.setLong(p++, bounds.get(2 * b));
                    s.setLong(p++, bounds.get(2 * b + 1));
                    if (check != null) {
                        s.setString(p++, check);
                    }
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        int query = r.getInt(1);
                        rows.get(query).add(new CountRow(r.getString(2), r.getString(3),
                                r.getLong(4) * queries.get(query).bucketMs(), r.getLong(5), r.getLong(6)));
                    }
                }
            }
            return rows;
        });
    }

    /**
     * The sums of one range of one table for query {@code query}: its index, check, region, bucket
     * (0 when not bucketed), runs, failures; the range's bounds and the check are its parameters.
     */
    private static String countBranch(int query, String table, String time, String runs, String failures,
            String check, long bucketMs) {
        String bucket = bucketMs > 0 ? time + " / " + bucketMs : "CAST(0 AS BIGINT)";
        return "SELECT " + query + ", check_name, region, " + bucket + ", SUM(" + runs + "), SUM(" + failures
                + ") FROM " + table + " WHERE " + time + " >= ? AND " + time + " < ?"
                + (check == null ? "" : " AND check_name = ?")
                + " GROUP BY check_name, region" + (bucketMs > 0 ? ", " + bucket : "");
    }

    private static List<SummarySource.RollupRow> rollupRows(Connection c, Resolution res, String check,
            List<long[]> ranges, Set<Phase> histograms) throws SQLException {
        List<SummarySource.RollupRow> rows = new ArrayList<>();
        for (long[] range : ranges) {
            if (range[0] < range[1]) {
                rollupRows(c, res, check, range[0], range[1], histograms, rows);
            }
        }
        return rows;
    }

    private static void rollupRows(Connection c, Resolution res, String check, long from, long to,
            Set<Phase> histograms, List<SummarySource.RollupRow> rows) throws SQLException {
        String columns = ResultRows.histogramColumns(histograms);
        try (PreparedStatement s = c.prepareStatement("SELECT region, bucket_start, runs, failures, error_kinds"
                + (columns.isEmpty() ? "" : ", " + columns) + " FROM " + res.table()
                + " WHERE check_name = ? AND bucket_start >= ? AND bucket_start < ?")) {
            s.setString(1, check);
            s.setLong(2, from);
            s.setLong(3, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new SummarySource.RollupRow(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4),
                            r.getString(5), ResultRows.histograms(r, 6, histograms)));
                }
            }
        }
    }

}
