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
import org.glassprobe.api.query.CountRow;
import org.glassprobe.api.query.LatestResult;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.query.SummarySource;
import org.glassprobe.api.rollup.Bucket;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Resolution;
import org.glassprobe.api.rollup.Sample;

/** Raw results, the latest result per check and probe, and the minute and hour roll-ups. */
public final class ResultStore {
    private static final String SAMPLE_COLUMNS = "check_name, region, started_at, ok, duration_ms, resolve_ms,"
            + " connect_ms, tls_ms, processing_ms, transfer_ms, error_kind";
    private static final String HIST_COLUMNS = "total_hist, resolve_hist, connect_hist, tls_hist, processing_hist,"
            + " transfer_hist";
    /**
     * Rows deleted per transaction. Kept small: H2 writes a large transaction's pages to its file
     * before it commits, and a kill in the middle of one has left rows H2 could not recover (every
     * later write to them looped for ever); small transactions rarely do that at all.
     */
    private static final int DELETE_CHUNK = 1_000;
    private static final int IN_CHUNK = 500;

    private final Database db;

    public ResultStore(Database db) {
        this.db = db;
    }

    /**
     * Stores the results a probe sent, in one transaction: those whose id is stored already are
     * counted as duplicates; the latest result per check and probe moves forward.
     */
    public IngestCounts ingest(Caller.ProbeCaller probe, List<ResultRow> rows, Instant receivedAt) {
        return db.journaled(new JournalOp.Ingest(probe.name(), rows, receivedAt), c -> {
            Set<UUID> seen = existing(c, rows);
            List<ResultRow> fresh = new ArrayList<>();
            for (ResultRow row : rows) {
                if (seen.add(row.id())) {
                    fresh.add(row);
                }
            }
            if (!fresh.isEmpty()) {
                insert(c, probe, fresh, receivedAt);
                updateLatest(c, probe, fresh);
            }
            return new IngestCounts(fresh.size(), rows.size() - fresh.size(), 0);
        });
    }

    private static Set<UUID> existing(Connection c, List<ResultRow> rows) throws SQLException {
        Set<UUID> found = new HashSet<>();
        for (int from = 0; from < rows.size(); from += IN_CHUNK) {
            List<ResultRow> chunk = rows.subList(from, Math.min(rows.size(), from + IN_CHUNK));
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM results WHERE id IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setObject(i + 1, chunk.get(i).id());
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(r.getObject(1, UUID.class));
                    }
                }
            }
        }
        return found;
    }

    private static void insert(Connection c, Caller.ProbeCaller probe, List<ResultRow> rows, Instant receivedAt)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO results (id, check_name, probe_id, probe_name, region,"
                + " started_at, received_at, ok, attempt, duration_ms, resolve_ms, connect_ms, tls_ms, processing_ms,"
                + " transfer_ms, error_kind, error_message, rolled_up, body, in_maintenance)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ResultRow row : rows) {
                Sample sample = row.sample();
                s.setObject(1, row.id());
                s.setString(2, sample.check());
                s.setLong(3, probe.id());
                s.setString(4, probe.name());
                s.setString(5, probe.region());
                s.setLong(6, sample.startedAtMs());
                s.setLong(7, receivedAt.toEpochMilli());
                s.setBoolean(8, sample.ok());
                s.setInt(9, row.attempt());
                for (Phase p : Phase.values()) {
                    s.setDouble(10 + p.ordinal(), sample.latency(p));
                }
                Sql.setString(s, 16, sample.errorKind());
                Sql.setString(s, 17, row.errorMessage());
                // A result in maintenance has nothing to fold into the roll-ups: no summary reads it.
                s.setBoolean(18, row.inMaintenance());
                s.setString(19, row.body());
                s.setBoolean(20, row.inMaintenance());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void updateLatest(Connection c, Caller.ProbeCaller probe, List<ResultRow> rows) throws SQLException {
        Map<String, ResultRow> newest = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            newest.merge(row.sample().check(), row,
                    (a, b) -> b.sample().startedAtMs() > a.sample().startedAtMs() ? b : a);
        }
        for (ResultRow row : newest.values()) {
            Sample sample = row.sample();
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE latest_results SET result_id = ?, started_at = ?,"
                    + " ok = ?, duration_ms = ?, resolve_ms = ?, connect_ms = ?, tls_ms = ?, processing_ms = ?,"
                    + " transfer_ms = ?, error_kind = ?, probe_name = ?, region = ?"
                    + " WHERE check_name = ? AND probe_id = ? AND started_at <= ?")) {
                bindLatest(s, row, probe);
                s.setString(13, sample.check());
                s.setLong(14, probe.id());
                s.setLong(15, sample.startedAtMs());
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                boolean exists;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT 1 FROM latest_results WHERE check_name = ? AND probe_id = ?")) {
                    s.setString(1, sample.check());
                    s.setLong(2, probe.id());
                    try (ResultSet r = s.executeQuery()) {
                        exists = r.next();
                    }
                }
                if (!exists) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO latest_results (result_id, started_at,"
                            + " ok, duration_ms, resolve_ms, connect_ms, tls_ms, processing_ms, transfer_ms, error_kind,"
                            + " probe_name, region, check_name, probe_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindLatest(s, row, probe);
                        s.setString(13, sample.check());
                        s.setLong(14, probe.id());
                        s.executeUpdate();
                    }
                }
            }
        }
    }

    private static void bindLatest(PreparedStatement s, ResultRow row, Caller.ProbeCaller probe) throws SQLException {
        Sample sample = row.sample();
        s.setObject(1, row.id());
        s.setLong(2, sample.startedAtMs());
        s.setBoolean(3, sample.ok());
        for (Phase p : Phase.values()) {
            s.setDouble(4 + p.ordinal(), sample.latency(p));
        }
        Sql.setString(s, 10, sample.errorKind());
        s.setString(11, probe.name());
        s.setString(12, probe.region());
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
    public List<StoredResult> page(String check, long fromMs, long toMs, String region, long[] cursor, int limit) {
        return db.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT seq, probe_name, region, started_at, received_at, body"
                    + " FROM results WHERE check_name = ? AND started_at >= ? AND started_at < ?");
            if (region != null) {
                sql.append(" AND region = ?");
            }
            if (cursor != null) {
                sql.append(" AND (started_at < ? OR (started_at = ? AND seq < ?))");
            }
            sql.append(" ORDER BY started_at DESC, seq DESC FETCH FIRST ? ROWS ONLY");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
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
                        page.add(new StoredResult(r.getLong(1), r.getString(2), r.getString(3),
                                Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5)), r.getString(6)));
                    }
                }
                return page;
            }
        });
    }

    /**
     * A check's newest failed results, newest first (by startedAt, then arrival), started in
     * [fromMs, toMs), at most {@code limit}: what the uptime page shows of recent failures.
     */
    public List<StoredResult> failures(String check, long fromMs, long toMs, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT seq, probe_name, region, started_at, received_at, body"
                    + " FROM results WHERE check_name = ? AND started_at >= ? AND started_at < ? AND ok = FALSE"
                    + " ORDER BY started_at DESC, seq DESC FETCH FIRST ? ROWS ONLY")) {
                s.setString(1, check);
                s.setLong(2, fromMs);
                s.setLong(3, toMs);
                s.setInt(4, limit);
                List<StoredResult> found = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(new StoredResult(r.getLong(1), r.getString(2), r.getString(3),
                                Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5)), r.getString(6)));
                    }
                }
                return found;
            }
        });
    }

    /** The newest result of every check from every probe. */
    public List<LatestResult> latest() {
        return db.read(c -> {
            List<LatestResult> latest = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT check_name, probe_name, region,"
                    + " started_at, ok, duration_ms, resolve_ms, connect_ms, tls_ms, processing_ms, transfer_ms,"
                    + " error_kind FROM latest_results ORDER BY check_name, region, probe_name")) {
                while (r.next()) {
                    latest.add(new LatestResult(r.getString(1), r.getString(2), r.getString(3),
                            Instant.ofEpochMilli(r.getLong(4)), r.getBoolean(5), r.getDouble(6), r.getDouble(7),
                            r.getDouble(8), r.getDouble(9), r.getDouble(10), r.getDouble(11), r.getString(12)));
                }
            }
            return latest;
        });
    }

    /**
     * Folds up to {@code limit} results not yet rolled up into their minute and hour rows and marks
     * them rolled up, in one transaction. Late results simply merge into older buckets.
     *
     * @return how many results were folded (fewer than the limit: nothing is left)
     */
    public int rollUpNext(int limit) {
        return db.transaction(c -> {
            List<Long> seqs = new ArrayList<>();
            Map<RollupKey, Bucket> buckets = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, " + SAMPLE_COLUMNS
                    + " FROM results WHERE rolled_up = FALSE FETCH FIRST ? ROWS ONLY")) { // any order will do
                s.setInt(1, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        seqs.add(r.getLong(1));
                        Sample sample = sample(r);
                        for (Resolution res : Resolution.values()) {
                            buckets.computeIfAbsent(new RollupKey(res, sample.check(), sample.region(),
                                    res.bucketStart(sample.startedAtMs())), k -> new Bucket()).add(sample);
                        }
                    }
                }
            }
            if (seqs.isEmpty()) {
                return 0;
            }
            for (var entry : buckets.entrySet()) {
                mergeInto(c, entry.getKey(), entry.getValue());
            }
            forEachSeq(c, "UPDATE results SET rolled_up = TRUE WHERE seq = ?", seqs);
            return seqs.size();
        });
    }

    /** Runs a statement whose one parameter is a result's seq for each of them, in one batch. */
    private static void forEachSeq(Connection c, String sql, List<Long> seqs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (long seq : seqs) {
                s.setLong(1, seq);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A roll-up row's identity. */
    private record RollupKey(Resolution resolution, String check, String region, long bucketStart) {}

    private static void mergeInto(Connection c, RollupKey key, Bucket delta) throws SQLException {
        String table = key.resolution().table();
        Bucket merged = new Bucket();
        merged.merge(delta);
        boolean exists = false;
        try (PreparedStatement s = c.prepareStatement("SELECT runs, failures, error_kinds, " + HIST_COLUMNS + " FROM "
                + table + " WHERE check_name = ? AND region = ? AND bucket_start = ?")) {
            s.setString(1, key.check());
            s.setString(2, key.region());
            s.setLong(3, key.bucketStart());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    exists = true;
                    merged.merge(r.getLong(1), r.getLong(2), r.getString(3), histograms(r, 4));
                }
            }
        }
        String sql = exists
                ? "UPDATE " + table + " SET runs = ?, failures = ?, error_kinds = ?, total_hist = ?, resolve_hist = ?,"
                        + " connect_hist = ?, tls_hist = ?, processing_hist = ?, transfer_hist = ?"
                        + " WHERE check_name = ? AND region = ? AND bucket_start = ?"
                : "INSERT INTO " + table + " (runs, failures, error_kinds, " + HIST_COLUMNS
                        + ", check_name, region, bucket_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindBucket(s, merged);
            s.setString(10, key.check());
            s.setString(11, key.region());
            s.setLong(12, key.bucketStart());
            s.executeUpdate();
        }
    }

    static void bindBucket(PreparedStatement s, Bucket b) throws SQLException {
        s.setLong(1, b.runs());
        s.setLong(2, b.failures());
        s.setString(3, b.encodedErrorKinds());
        for (Phase p : Phase.values()) {
            s.setString(4 + p.ordinal(), b.latency(p).encode());
        }
    }

    private static Map<Phase, String> histograms(ResultSet r, int firstColumn) throws SQLException {
        Map<Phase, String> h = new EnumMap<>(Phase.class);
        for (Phase p : Phase.values()) {
            h.put(p, r.getString(firstColumn + p.ordinal()));
        }
        return h;
    }

    private static Sample sample(ResultSet r) throws SQLException {
        double[] latencies = new double[Phase.values().length];
        for (Phase p : Phase.values()) {
            latencies[p.ordinal()] = r.getDouble(column(p));
        }
        return new Sample(r.getString("check_name"), r.getString("region"), r.getLong("started_at"),
                r.getBoolean("ok"), latencies, r.getString("error_kind"));
    }

    private static String column(Phase p) {
        return p == Phase.TOTAL ? "duration_ms" : p.wireName() + "_ms";
    }

    /**
     * The data of a summary of one check, read in one snapshot: hour rows with bucket_start in
     * [hourFrom, hourTo), minute rows in each of the minute ranges, and the results not yet rolled
     * up that started in [pendingFrom, pendingTo).
     */
    public SummarySource summarySource(String check, long hourFrom, long hourTo, List<long[]> minuteRanges,
            long pendingFrom, long pendingTo) {
        return db.read(Connection.TRANSACTION_REPEATABLE_READ, c -> {
            List<SummarySource.RollupRow> hours = hourFrom < hourTo
                    ? rollupRows(c, Resolution.HOUR, check, hourFrom, hourTo) : List.of();
            List<SummarySource.RollupRow> minutes = new ArrayList<>();
            for (long[] range : minuteRanges) {
                if (range[0] < range[1]) {
                    minutes.addAll(rollupRows(c, Resolution.MINUTE, check, range[0], range[1]));
                }
            }
            List<Sample> pending = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + SAMPLE_COLUMNS + " FROM results"
                    + " WHERE check_name = ? AND started_at >= ? AND started_at < ? AND rolled_up = FALSE")) {
                s.setString(1, check);
                s.setLong(2, pendingFrom);
                s.setLong(3, pendingTo);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        pending.add(sample(r));
                    }
                }
            }
            return new SummarySource(hours, minutes, pending);
        });
    }

    /**
     * Runs and failures per check (every check, or only {@code check} when not null) and region,
     * from the same three sources as
     * {@link #summarySource} (hour rows in [hourFrom, hourTo), minute rows in each minute range,
     * results not rolled up in [pendingFrom, pendingTo)) but summed in the database and without
     * latency histograms, read in one snapshot. With {@code bucketMs} above 0 the sums are per
     * bucket of that width since the epoch (it must divide a day); with 0, over the whole range.
     */
    public List<CountRow> counts(String check, long hourFrom, long hourTo, List<long[]> minuteRanges,
            long pendingFrom, long pendingTo, long bucketMs) {
        if (bucketMs < 0 || (bucketMs > 0 && 86_400_000L % bucketMs != 0)) {
            throw new IllegalArgumentException("bucketMs must be 0 or divide a day, found " + bucketMs);
        }
        return db.read(Connection.TRANSACTION_REPEATABLE_READ, c -> {
            List<CountRow> rows = new ArrayList<>();
            if (hourFrom < hourTo) {
                countRows(c, Resolution.HOUR.table(), "bucket_start", "runs", "failures", check, hourFrom, hourTo,
                        bucketMs, rows);
            }
            for (long[] range : minuteRanges) {
                if (range[0] < range[1]) {
                    countRows(c, Resolution.MINUTE.table(), "bucket_start", "runs", "failures", check, range[0],
                            range[1], bucketMs, rows);
                }
            }
            if (pendingFrom < pendingTo) {
                countRows(c, "results", "started_at", "1", "CASE WHEN ok THEN 0 ELSE 1 END", check, pendingFrom,
                        pendingTo, bucketMs, rows);
            }
            return rows;
        });
    }

    private static void countRows(Connection c, String table, String time, String runs, String failures, String check,
            long from, long to, long bucketMs, List<CountRow> into) throws SQLException {
        String bucket = bucketMs > 0 ? time + " / " + bucketMs : "0";
        String pending = table.equals("results") ? " AND rolled_up = FALSE" : "";
        try (PreparedStatement s = c.prepareStatement("SELECT check_name, region, " + bucket + ", SUM(" + runs + "), SUM("
                + failures + ") FROM " + table + " WHERE " + time + " >= ? AND " + time + " < ?" + pending
                + (check == null ? "" : " AND check_name = ?")
                + " GROUP BY check_name, region" + (bucketMs > 0 ? ", " + bucket : ""))) {
            s.setLong(1, from);
            s.setLong(2, to);
            if (check != null) {
                s.setString(3, check);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    into.add(new CountRow(r.getString(1), r.getString(2), r.getLong(3) * bucketMs, r.getLong(4),
                            r.getLong(5)));
                }
            }
        }
    }

    private static List<SummarySource.RollupRow> rollupRows(Connection c, Resolution res, String check, long from,
            long to) throws SQLException {
        List<SummarySource.RollupRow> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT region, bucket_start, runs, failures, error_kinds, "
                + HIST_COLUMNS + " FROM " + res.table() + " WHERE check_name = ? AND bucket_start >= ?"
                + " AND bucket_start < ?")) {
            s.setString(1, check);
            s.setLong(2, from);
            s.setLong(3, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new SummarySource.RollupRow(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4),
                            r.getString(5), histograms(r, 6)));
                }
            }
        }
        return rows;
    }

    /** Counts of rows deleted by {@link #deleteExpired}. */
    public record Deleted(long results, long minutes, long hours, long probeEvents) {}

    /**
     * Deletes raw results started before {@code rawBefore} (only once rolled up), minute rows
     * before {@code minuteBefore}, hour rows and probe events before {@code hourBefore}; in chunks,
     * each its own transaction, so that ingestion is never blocked for long.
     */
    public Deleted deleteExpired(long rawBefore, long minuteBefore, long hourBefore) {
        long results = 0;
        int n;
        do {
            // The keys first, then deletes by key: H2 runs DELETE ... WHERE seq IN (SELECT ...) as a scan
            // of the whole table testing each row against the subquery, tens of seconds at 10M results.
            n = db.transaction(c -> {
                List<Long> expired = new ArrayList<>(DELETE_CHUNK);
                try (PreparedStatement s = c.prepareStatement("SELECT seq FROM results WHERE started_at < ?"
                        + " AND rolled_up = TRUE ORDER BY started_at FETCH FIRST ? ROWS ONLY")) {
                    s.setLong(1, rawBefore);
                    s.setInt(2, DELETE_CHUNK);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            expired.add(rs.getLong(1));
                        }
                    }
                }
                if (expired.isEmpty()) {
                    return 0;
                }
                forEachSeq(c, "DELETE FROM results WHERE seq = ?", expired);
                return expired.size();
            });
            results += n;
        } while (n == DELETE_CHUNK);
        long minutes = deleteBefore("rollup_minute", "bucket_start", minuteBefore);
        long hours = deleteBefore("rollup_hour", "bucket_start", hourBefore);
        long events = deleteBefore("probe_events", "occurred_at", hourBefore);
        deleteBefore("deaf_periods", "ended_at", hourBefore);
        return new Deleted(results, minutes, hours, events);
    }

    private long deleteBefore(String table, String column, long before) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + column + " < ?")) {
                s.setLong(1, before);
                return (long) s.executeUpdate();
            }
        });
    }
}
