package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.journey.JourneyFacts;
import org.glassprobe.api.journey.JourneyObject;
import org.glassprobe.api.journey.JourneyRead;
import org.glassprobe.api.journey.JourneyStore;
import org.glassprobe.api.rollup.LatencyHistogram;

/**
 * Journeys' objects and reads ({@code journey_objects}, {@code journey_reads}), written by
 * {@link JdbcIngestStore} in the transaction of their results, and their hour roll-ups.
 */
public final class JdbcJourneyStore implements JourneyStore {
    private static final long HOUR = 3_600_000;
    private static final int DELETE_CHUNK = 1_000;
    private static final String READ_COLUMNS = "r.result_id, r.check_name, r.region, r.probe_name, r.round_at,"
            + " r.started_at, r.object_id, r.writer_region, r.ok, r.propagation_ms, r.upper_bound, r.read_count,"
            + " r.missing, r.stale, r.different, r.errors";

    private final Database db;

    public JdbcJourneyStore(Database db) {
        this.db = db;
    }

    /**
     * Keeps what these newly stored results say of their journeys, on the connection of the
     * transaction that stores them: they are acknowledged, and journaled, together.
     */
    static void insert(Connection c, List<ResultRow> stored) throws SQLException {
        List<JourneyObject> objects = new ArrayList<>();
        List<JourneyRead> reads = new ArrayList<>();
        for (ResultRow row : stored) {
            JourneyFacts facts = row.journey();
            if (facts != null && facts.published() != null) {
                objects.add(facts.published());
            } else if (facts != null) {
                reads.add(facts.read());
            }
        }
        if (!objects.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO journey_objects (result_id, check_name,"
                    + " round_at, probe_name, region, url, sha256, size_bytes, content_type, file_path, step_name,"
                    + " uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (JourneyObject o : objects) {
                    s.setObject(1, o.id());
                    s.setString(2, o.check());
                    s.setLong(3, o.round().toEpochMilli());
                    s.setString(4, o.probe());
                    s.setString(5, o.region());
                    s.setString(6, o.url());
                    s.setString(7, o.sha256());
                    s.setLong(8, o.size());
                    Sql.setString(s, 9, o.contentType());
                    Sql.setString(s, 10, o.file());
                    Sql.setString(s, 11, o.step());
                    s.setLong(12, o.uploadedAt().toEpochMilli());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!reads.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO journey_reads (result_id, check_name, region,"
                    + " probe_name, round_at, started_at, object_id, writer_region, ok, propagation_ms, upper_bound,"
                    + " read_count, missing, stale, different, errors)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement u = c.prepareStatement("INSERT INTO journey_reads_unrolled (check_name, round_at,"
                            + " result_id) VALUES (?, ?, ?)")) {
                for (JourneyRead r : reads) {
                    s.setObject(1, r.id());
                    s.setString(2, r.check());
                    s.setString(3, r.region());
                    s.setString(4, r.probe());
                    s.setLong(5, r.round().toEpochMilli());
                    s.setLong(6, r.startedAt().toEpochMilli());
                    s.setObject(7, r.objectId());
                    s.setString(8, r.writerRegion());
                    s.setBoolean(9, r.ok());
                    Sql.setDouble(s, 10, r.propagationMs());
                    s.setBoolean(11, r.upperBound());
                    s.setInt(12, r.reads());
                    s.setInt(13, r.failuresBefore().missing());
                    s.setInt(14, r.failuresBefore().stale());
                    s.setInt(15, r.failuresBefore().different());
                    s.setInt(16, r.failuresBefore().error());
                    s.addBatch();
                    u.setString(1, r.check());
                    u.setLong(2, r.round().toEpochMilli());
                    u.setObject(3, r.id());
                    u.addBatch();
                }
                s.executeBatch();
                u.executeBatch();
            }
        }
    }

    @Override
    public Optional<Newest> newest(String check) {
        return db.read(c -> {
            List<JourneyObject> two = new ArrayList<>(2);
            try (PreparedStatement s = c.prepareStatement("SELECT result_id, check_name, round_at, probe_name, region,"
                    + " url, sha256, size_bytes, content_type, file_path, step_name, uploaded_at FROM journey_objects"
                    + " WHERE check_name = ? ORDER BY round_at DESC, uploaded_at DESC, result_id DESC"
                    + " FETCH FIRST 2 ROWS ONLY")) {
                s.setString(1, check);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        two.add(new JourneyObject(r.getObject(1, UUID.class), r.getString(2),
                                Instant.ofEpochMilli(r.getLong(3)), r.getString(4), r.getString(5), r.getString(6),
                                r.getString(7), r.getLong(8), r.getString(9), r.getString(10), r.getString(11),
                                Instant.ofEpochMilli(r.getLong(12))));
                    }
                }
            }
            return two.isEmpty() ? Optional.<Newest>empty()
                    : Optional.of(new Newest(two.get(0), two.size() > 1 ? two.get(1).sha256() : null));
        });
    }

    @Override
    public List<JourneyRead> reads(String check, long fromMs, long toMs) {
        return db.read(c -> reads(c, "SELECT " + READ_COLUMNS + " FROM journey_reads r WHERE r.check_name = ?"
                + " AND r.round_at >= ? AND r.round_at < ? ORDER BY r.round_at, r.started_at, r.result_id",
                check, fromMs, toMs));
    }

    @Override
    public List<JourneyRead> unrolledReads(String check, long fromMs, long toMs) {
        return db.read(c -> reads(c, "SELECT " + READ_COLUMNS + " FROM journey_reads_unrolled u JOIN journey_reads r"
                + " ON r.result_id = u.result_id WHERE u.check_name = ? AND u.round_at >= ? AND u.round_at < ?"
                + " ORDER BY r.round_at, r.started_at, r.result_id", check, fromMs, toMs));
    }

    private static List<JourneyRead> reads(Connection c, String sql, String check, long fromMs, long toMs)
            throws SQLException {
        List<JourneyRead> reads = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, check);
            s.setLong(2, fromMs);
            s.setLong(3, toMs);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    reads.add(read(r));
                }
            }
        }
        return reads;
    }

    private static JourneyRead read(ResultSet r) throws SQLException {
        return new JourneyRead(r.getObject(1, UUID.class), r.getString(2), r.getString(3), r.getString(4),
                Instant.ofEpochMilli(r.getLong(5)), Instant.ofEpochMilli(r.getLong(6)), r.getObject(7, UUID.class),
                r.getString(8), r.getBoolean(9), Sql.getDouble(r, "propagation_ms"), r.getBoolean(11), r.getInt(12),
                new JourneyRead.FailuresBefore(r.getInt(13), r.getInt(14), r.getInt(15), r.getInt(16)));
    }

    @Override
    public List<HourRow> hours(String check, long fromMs, long toMs) {
        return db.read(c -> {
            List<HourRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT region, bucket_start, read_count, measured,"
                    + " not_in_time, upper_bounds, max_ms, propagation_hist FROM journey_rollup_hour"
                    + " WHERE check_name = ? AND bucket_start >= ? AND bucket_start < ? ORDER BY region, bucket_start")) {
                s.setString(1, check);
                s.setLong(2, fromMs);
                s.setLong(3, toMs);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new HourRow(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                                r.getLong(6), Sql.getDouble(r, "max_ms"), r.getString(8)));
                    }
                }
            }
            return rows;
        });
    }

    /** An hour roll-up's identity. */
    private record HourKey(String check, String region, long bucketStart) {}

    /** An hour's figures while they are folded. */
    private static final class Fold {
        long reads;
        long measured;
        long notInTime;
        long upperBounds;
        Double maxMs;
        final LatencyHistogram histogram = new LatencyHistogram();

        void add(boolean ok, Double propagationMs, boolean upperBound) {
            reads++;
            notInTime += ok ? 0 : 1;
            upperBounds += upperBound ? 1 : 0;
            if (propagationMs != null) {
                measured++;
                histogram.add(propagationMs);
                maxMs = maxMs == null ? propagationMs : Math.max(maxMs, propagationMs);
            }
        }
    }

    @Override
    public int rollUpNext(int limit) {
        return db.transaction(c -> {
            List<Object[]> listed = new ArrayList<>();
            Map<HourKey, Fold> folds = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT u.check_name, u.round_at, u.result_id, r.region, r.ok,"
                    + " r.propagation_ms, r.upper_bound FROM journey_reads_unrolled u LEFT JOIN journey_reads r"
                    + " ON r.result_id = u.result_id FETCH FIRST ? ROWS ONLY")) {
                s.setInt(1, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String check = r.getString(1);
                        long round = r.getLong(2);
                        listed.add(new Object[] {check, round, r.getObject(3, UUID.class)});
                        String region = r.getString(4);
                        if (region != null) {
                            Double propagation = Sql.getDouble(r, "propagation_ms");
                            folds.computeIfAbsent(new HourKey(check, region, Math.floorDiv(round, HOUR) * HOUR),
                                    k -> new Fold()).add(r.getBoolean(5), propagation, r.getBoolean(7));
                        }
                    }
                }
            }
            if (listed.isEmpty()) {
                return 0;
            }
            for (var e : folds.entrySet()) {
                mergeInto(c, e.getKey(), e.getValue());
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM journey_reads_unrolled WHERE check_name = ?"
                    + " AND round_at = ? AND result_id = ?")) {
                for (Object[] l : listed) {
                    s.setString(1, (String) l[0]);
                    s.setLong(2, (Long) l[1]);
                    s.setObject(3, l[2]);
                    s.addBatch();
                }
                for (int n : s.executeBatch()) {
                    if (n == 0) { // folded by another transaction meanwhile: undo, never count a read twice
                        throw new IllegalStateException("a journey read was rolled up by another transaction"
                                + " meanwhile; this roll-up is undone and the next run folds what is left");
                    }
                }
            }
            return listed.size();
        });
    }

    private static void mergeInto(Connection c, HourKey key, Fold delta) throws SQLException {
        Fold merged = delta;
        boolean exists = false;
        try (PreparedStatement s = c.prepareStatement("SELECT read_count, measured, not_in_time, upper_bounds, max_ms,"
                + " propagation_hist FROM journey_rollup_hour WHERE check_name = ? AND region = ? AND bucket_start = ?")) {
            s.setString(1, key.check());
            s.setString(2, key.region());
            s.setLong(3, key.bucketStart());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    exists = true;
                    merged.reads += r.getLong(1);
                    merged.measured += r.getLong(2);
                    merged.notInTime += r.getLong(3);
                    merged.upperBounds += r.getLong(4);
                    Double max = Sql.getDouble(r, "max_ms");
                    if (max != null) {
                        merged.maxMs = merged.maxMs == null ? max : Math.max(merged.maxMs, max);
                    }
                    merged.histogram.merge(r.getString(6));
                }
            }
        }
        String sql = exists
                ? "UPDATE journey_rollup_hour SET read_count = ?, measured = ?, not_in_time = ?, upper_bounds = ?,"
                        + " max_ms = ?, propagation_hist = ? WHERE check_name = ? AND region = ? AND bucket_start = ?"
                : "INSERT INTO journey_rollup_hour (read_count, measured, not_in_time, upper_bounds, max_ms,"
                        + " propagation_hist, check_name, region, bucket_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, merged.reads);
            s.setLong(2, merged.measured);
            s.setLong(3, merged.notInTime);
            s.setLong(4, merged.upperBounds);
            Sql.setDouble(s, 5, merged.maxMs);
            s.setString(6, merged.histogram.encode());
            s.setString(7, key.check());
            s.setString(8, key.region());
            s.setLong(9, key.bucketStart());
            s.executeUpdate();
        }
    }

    @Override
    public Deleted deleteExpired(long rawBefore, long hourBefore) {
        long reads = 0;
        int n;
        do {
            n = db.transaction(c -> {
                List<UUID> expired = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT result_id FROM journey_reads WHERE round_at < ?"
                        + " AND NOT EXISTS (SELECT 1 FROM journey_reads_unrolled u WHERE u.check_name ="
                        + " journey_reads.check_name AND u.round_at = journey_reads.round_at"
                        + " AND u.result_id = journey_reads.result_id) FETCH FIRST ? ROWS ONLY")) {
                    s.setLong(1, rawBefore);
                    s.setInt(2, DELETE_CHUNK);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            expired.add(r.getObject(1, UUID.class));
                        }
                    }
                }
                deleteByIds(c, "DELETE FROM journey_reads WHERE result_id = ?", expired);
                return expired.size();
            });
            reads += n;
        } while (n == DELETE_CHUNK);
        long objects = 0;
        do {
            n = db.transaction(c -> {
                List<UUID> expired = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT result_id FROM journey_objects o WHERE round_at < ?"
                        + " AND EXISTS (SELECT 1 FROM journey_objects n WHERE n.check_name = o.check_name"
                        + " AND n.round_at > o.round_at) FETCH FIRST ? ROWS ONLY")) {
                    s.setLong(1, rawBefore);
                    s.setInt(2, DELETE_CHUNK);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            expired.add(r.getObject(1, UUID.class));
                        }
                    }
                }
                deleteByIds(c, "DELETE FROM journey_objects WHERE result_id = ?", expired);
                return expired.size();
            });
            objects += n;
        } while (n == DELETE_CHUNK);
        long hours = db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM journey_rollup_hour WHERE bucket_start < ?")) {
                s.setLong(1, hourBefore);
                return (long) s.executeUpdate();
            }
        });
        return new Deleted(reads, objects, hours);
    }

    private static void deleteByIds(Connection c, String sql, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (UUID id : ids) {
                s.setObject(1, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
