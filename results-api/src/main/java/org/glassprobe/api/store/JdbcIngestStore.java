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
import java.util.IdentityHashMap;
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
import org.glassprobe.api.ingest.IngestStore;

/** Stores the results probes send and keeps the latest result per check and probe. */
public final class JdbcIngestStore implements IngestStore {
    private static final int IN_CHUNK = 500;

    private final Database db;

    public JdbcIngestStore(Database db) {
        this.db = db;
    }

    /**
     * Stores the results a probe sent, in one transaction: those whose id is stored already are
     * counted as duplicates; the latest result per check and probe moves forward.
     */
    @Override
    public IngestCounts ingest(Caller.ProbeCaller probe, List<ResultRow> rows, Instant receivedAt) {
        // compressed before the transaction: on H2 every other writer waits while it runs
        Map<ResultRow, byte[]> kept = new IdentityHashMap<>();
        rows.forEach(row -> kept.put(row, ResultBodies.deflate(row.body())));
        return db.journaled(new JournalOp.Ingest(probe.name(), rows, receivedAt), c -> {
            Set<UUID> seen = existing(c, rows);
            List<ResultRow> fresh = new ArrayList<>();
            for (ResultRow row : rows) {
                if (seen.add(row.id())) {
                    fresh.add(row);
                }
            }
            if (!fresh.isEmpty()) {
                insert(c, probe, fresh, kept, receivedAt);
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

    private static void insert(Connection c, Caller.ProbeCaller probe, List<ResultRow> rows,
            Map<ResultRow, byte[]> kept, Instant receivedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO results (id, " + ResultRows.SAMPLE_COLUMNS
                + ", probe_id, probe_name, received_at, attempt, error_message, body_deflated, in_maintenance, warning)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ResultRow row : rows) {
                s.setObject(1, row.id());
                ResultRows.bindSample(s, 2, row.sample(), probe.region());
                s.setLong(13, probe.id());
                s.setString(14, probe.name());
                s.setLong(15, receivedAt.toEpochMilli());
                s.setInt(16, row.attempt());
                Sql.setString(s, 17, row.errorMessage());
                s.setBytes(18, kept.get(row));
                s.setBoolean(19, row.inMaintenance());
                Sql.setString(s, 20, row.warning());
                s.addBatch();
            }
            s.executeBatch();
        }
        listUnrolled(c, probe, rows);
        JdbcJourneyStore.insert(c, rows);
    }

    /**
     * Lists the results for the roll-up job (V24), with the columns it and a summary read. A result
     * in maintenance has nothing to fold into the roll-ups: no summary reads it.
     */
    private static void listUnrolled(Connection c, Caller.ProbeCaller probe, List<ResultRow> rows)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO results_unrolled (id, "
                + ResultRows.SAMPLE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int listed = 0;
            for (ResultRow row : rows) {
                if (!row.inMaintenance()) {
                    s.setObject(1, row.id());
                    ResultRows.bindSample(s, 2, row.sample(), probe.region());
                    s.addBatch();
                    listed++;
                }
            }
            if (listed > 0) {
                s.executeBatch();
            }
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
                    + " transfer_ms = ?, error_kind = ?, probe_name = ?, region = ?, warning = ?, cert_expiry = ?,"
                    + " tls_version = ? WHERE check_name = ? AND probe_id = ? AND started_at <= ?")) {
                bindLatest(s, row, probe);
                s.setString(16, sample.check());
                s.setLong(17, probe.id());
                s.setLong(18, sample.startedAtMs());
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
                            + " probe_name, region, warning, cert_expiry, tls_version, check_name, probe_id)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindLatest(s, row, probe);
                        s.setString(16, sample.check());
                        s.setLong(17, probe.id());
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
        Sql.setString(s, 13, row.warning());
        if (row.tls() == null) {
            s.setNull(14, java.sql.Types.BIGINT);
        } else {
            s.setLong(14, row.tls().certificateExpiryMs());
        }
        Sql.setString(s, 15, row.tls() == null ? null : row.tls().version());
    }

}
