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
import org.glassprobe.api.rollup.RollupStore;

/** Folds raw results into minute, hour and day roll-ups, and deletes what outlived its retention. */
public final class JdbcRollupStore implements RollupStore {
    /**
     * Rows deleted per transaction. Kept small: H2 writes a large transaction's pages to its file
     * before it commits, and a kill in the middle of one has left rows H2 could not recover (every
     * later write to them looped for ever); small transactions rarely do that at all.
     */
    private static final int DELETE_CHUNK = 1_000;

    private final Database db;

    public JdbcRollupStore(Database db) {
        this.db = db;
    }

    /**
     * Folds up to {@code limit} results not yet rolled up into their minute, hour and day rows and takes
     * them off {@code results_unrolled}, in one transaction. Late results simply merge into older buckets.
     *
     * @return how many results were folded (fewer than the limit: nothing is left)
     */
    @Override
    public int rollUpNext(int limit) {
        return db.transaction(c -> {
            List<Listed> listed = new ArrayList<>();
            Map<RollupKey, Bucket> buckets = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, " + ResultRows.SAMPLE_COLUMNS
                    + " FROM results_unrolled FETCH FIRST ? ROWS ONLY")) { // any order will do
                s.setInt(1, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Sample sample = ResultRows.sample(r);
                        listed.add(new Listed(sample.check(), sample.startedAtMs(), r.getObject(1, UUID.class)));
                        for (Resolution res : Resolution.values()) {
                            buckets.computeIfAbsent(new RollupKey(res, sample.check(), sample.region(),
                                    res.bucketStart(sample.startedAtMs())), k -> new Bucket()).add(sample);
                        }
                    }
                }
            }
            if (listed.isEmpty()) {
                return 0;
            }
            for (var entry : buckets.entrySet()) {
                mergeInto(c, entry.getKey(), entry.getValue());
            }
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM results_unrolled WHERE check_name = ? AND started_at = ? AND id = ?")) {
                for (Listed l : listed) {
                    s.setString(1, l.check());
                    s.setLong(2, l.startedAtMs());
                    s.setObject(3, l.id());
                    s.addBatch();
                }
                for (int n : s.executeBatch()) {
                    // 0: another roll-up folded it since it was read (the job runs once at a time, even
                    // across replicas; this keeps a result from ever being counted twice if not)
                    if (n == 0) {
                        throw new IllegalStateException("a result was rolled up by another transaction meanwhile;"
                                + " this roll-up is undone and the next run folds what is left");
                    }
                }
            }
            return listed.size();
        });
    }

    /** A result's key in results_unrolled. */
    private record Listed(String check, long startedAtMs, UUID id) {}

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
        try (PreparedStatement s = c.prepareStatement("SELECT runs, failures, error_kinds, "
                + ResultRows.HIST_COLUMNS + " FROM "
                + table + " WHERE check_name = ? AND region = ? AND bucket_start = ?")) {
            s.setString(1, key.check());
            s.setString(2, key.region());
            s.setLong(3, key.bucketStart());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    exists = true;
                    merged.merge(r.getLong(1), r.getLong(2), r.getString(3), ResultRows.histograms(r, 4));
                }
            }
        }
        String sql = exists
                ? "UPDATE " + table + " SET runs = ?, failures = ?, error_kinds = ?, total_hist = ?, resolve_hist = ?,"
                        + " connect_hist = ?, tls_hist = ?, processing_hist = ?, transfer_hist = ?"
                        + " WHERE check_name = ? AND region = ? AND bucket_start = ?"
                : "INSERT INTO " + table + " (runs, failures, error_kinds, " + ResultRows.HIST_COLUMNS
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

    /**
     * Deletes raw results started before {@code rawBefore} (only once rolled up), minute rows
     * before {@code minuteBefore}, hour rows and probe events before {@code hourBefore}; in chunks,
     * each its own transaction, so that ingestion is never blocked for long.
     */
    @Override
    public Deleted deleteExpired(long rawBefore, long minuteBefore, long hourBefore) {
        long results = 0;
        int n;
        do {
            // The keys first, then deletes by key: H2 runs DELETE ... WHERE seq IN (SELECT ...) as a scan
            // of the whole table testing each row against the subquery, tens of seconds at 10M results.
            n = db.transaction(c -> {
                List<Long> expired = new ArrayList<>(DELETE_CHUNK);
                try (PreparedStatement s = c.prepareStatement("SELECT seq FROM results WHERE started_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM results_unrolled u WHERE u.check_name = results.check_name"
                        + " AND u.started_at = results.started_at AND u.id = results.id)"
                        + " ORDER BY started_at FETCH FIRST ? ROWS ONLY")) {
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
        long days = deleteBefore("rollup_day", "bucket_start", hourBefore);
        long events = deleteBefore("probe_events", "occurred_at", hourBefore);
        deleteBefore("deaf_periods", "ended_at", hourBefore);
        return new Deleted(results, minutes, hours, days, events);
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
