package org.glassprobe.api.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.liveness.Heartbeat;
import org.glassprobe.api.liveness.LivenessStore;
import org.glassprobe.api.liveness.ProbeEvent;
import org.glassprobe.api.liveness.ProbeStatus;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.probes.ProbeStore;

/** Probes: enrolment, tokens, heartbeats, liveness transitions and their events. */
public final class JdbcProbeStore implements ProbeStore, LivenessStore {
    private static final String COLUMNS = "id, name, region, labels, enrolled_at, status, status_since,"
            + " last_heartbeat_at, probe_clock_at, clock_skew_ms, version, probe_started_at, spool_depth,"
            + " checks_running, last_error, lateness_p50_ms, lateness_p99_ms, missed_runs";

    private final Database db;
    private final ObjectMapper json;

    public JdbcProbeStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public Probe enrol(String name, String region, Map<String, String> labels, String tokenHash, Instant now) {
        String labelText = write(labels);
        return db.journaled(new JournalOp.Enrol(name, region, labels, tokenHash, now), c -> {
            if (findByName(c, name).isPresent()) {
                throw new DuplicateProbeException(name);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO probes (name, region, labels, token_sha256,"
                    + " enrolled_at, status, status_since) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setString(2, region);
                s.setString(3, labelText);
                s.setString(4, tokenHash);
                s.setLong(5, now.toEpochMilli());
                s.setString(6, ProbeStatus.NEW.wireName());
                s.setLong(7, now.toEpochMilli());
                s.executeUpdate();
            }
            return findByName(c, name).orElseThrow();
        });
    }

    /** The probe whose token has this hash. */
    public Optional<Caller.ProbeCaller> byTokenHash(String tokenHash) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, name, region FROM probes WHERE token_sha256 = ?")) {
                s.setString(1, tokenHash);
                try (ResultSet r = s.executeQuery()) {
                    return r.next()
                            ? Optional.of(new Caller.ProbeCaller(r.getLong(1), r.getString(2), r.getString(3)))
                            : Optional.<Caller.ProbeCaller>empty();
                }
            }
        });
    }

    @Override
    public List<Probe> list() {
        return db.read(c -> {
            List<Probe> probes = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT " + COLUMNS + " FROM probes")) {
                while (r.next()) {
                    probes.add(probe(r));
                }
            }
            return Sql.byName(probes, p -> p.region() + "\u0000" + p.name());
        });
    }

    @Override
    public Optional<Probe> find(String name) {
        return db.read(c -> findByName(c, name));
    }

    @Override
    public Optional<Probe> findById(long id) {
        return db.read(c -> findById(c, id));
    }

    /** Replaces the probe's token; the old one stops working at once. */
    @Override
    public boolean replaceToken(String name, String tokenHash) {
        return db.journaled(new JournalOp.ReplaceToken(name, tokenHash), c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE probes SET token_sha256 = ? WHERE name = ?")) {
                s.setString(1, tokenHash);
                s.setString(2, name);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Removes the probe and its events; its results stay (they name the probe). */
    @Override
    public boolean delete(String name) {
        return db.journaled(new JournalOp.DeleteProbe(name), c -> {
            Optional<Probe> probe = findByName(c, name);
            if (probe.isEmpty()) {
                return false;
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM probe_events WHERE probe_id = ?")) {
                s.setLong(1, probe.get().id());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM latest_results WHERE probe_id = ?")) {
                s.setLong(1, probe.get().id());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM probes WHERE id = ?")) {
                s.setLong(1, probe.get().id());
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records a heartbeat: the probe's last known moment alive moves forward to {@code heardAt},
     * and a probe that was not up is up from now on (unless the heartbeat is late), the change
     * recorded as an event, with the heartbeat before the silence it ends, in the same transaction.
     */
    @Override
    public Optional<ProbeEvent> heartbeat(Caller.ProbeCaller probe, HeartbeatWrite w) {
        long probeId = probe.id();
        return db.journaled(new JournalOp.Heartbeat(probe.name(), w), c -> {
            Probe before = findById(c, probeId).orElseThrow(() -> new IllegalStateException("probe " + probeId
                    + " vanished"));
            Heartbeat beat = w.beat();
            boolean comesUp = !w.late() && before.status() != ProbeStatus.UP;
            Instant heard = before.lastHeartbeatAt() != null && before.lastHeartbeatAt().isAfter(w.heardAt())
                    ? before.lastHeartbeatAt() : w.heardAt();
            Long skew = w.late() ? before.clockSkewMs() : w.clockSkewMs();
            try (PreparedStatement s = c.prepareStatement("UPDATE probes SET last_heartbeat_at = ?, probe_clock_at = ?,"
                    + " clock_skew_ms = ?, version = ?, probe_started_at = ?, spool_depth = ?, checks_running = ?,"
                    + " last_error = ?, lateness_p50_ms = ?, lateness_p99_ms = ?, missed_runs = ?, status = ?,"
                    + " status_since = ? WHERE id = ?")) {
                s.setLong(1, heard.toEpochMilli());
                Sql.setInstant(s, 2, beat.clock());
                Sql.setLong(s, 3, skew);
                Sql.setString(s, 4, beat.version());
                Sql.setInstant(s, 5, beat.startedAt());
                Sql.setLong(s, 6, beat.spoolDepth());
                Sql.setInt(s, 7, beat.checksRunning());
                Sql.setString(s, 8, beat.lastError());
                Sql.setDouble(s, 9, beat.latenessP50Ms());
                Sql.setDouble(s, 10, beat.latenessP99Ms());
                Sql.setLong(s, 11, beat.missedRuns());
                s.setString(12, (comesUp ? ProbeStatus.UP : before.status()).wireName());
                s.setLong(13, comesUp ? w.receivedAt().toEpochMilli() : before.statusSince().toEpochMilli());
                s.setLong(14, probeId);
                s.executeUpdate();
            }
            if (!comesUp) {
                return Optional.<ProbeEvent>empty();
            }
            return Optional.of(insertEvent(c, before, ProbeStatus.UP, w.receivedAt(), before.lastHeartbeatAt()));
        });
    }

    /**
     * Moves a probe to a new status if it is still as the caller saw it (same status, same last
     * heartbeat): a heartbeat that arrived meanwhile wins. Records the event in the same transaction.
     */
    @Override
    public Optional<ProbeEvent> transition(Probe seen, ProbeStatus to, Instant at) {
        return db.journaled(new JournalOp.Transition(seen.name(), seen.status(), seen.lastHeartbeatAt(), to, at), c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE probes SET status = ?, status_since = ?"
                    + " WHERE id = ? AND status = ? AND " + (seen.lastHeartbeatAt() == null
                    ? "last_heartbeat_at IS NULL" : "last_heartbeat_at = ?"))) {
                s.setString(1, to.wireName());
                s.setLong(2, at.toEpochMilli());
                s.setLong(3, seen.id());
                s.setString(4, seen.status().wireName());
                if (seen.lastHeartbeatAt() != null) {
                    s.setLong(5, seen.lastHeartbeatAt().toEpochMilli());
                }
                if (s.executeUpdate() != 1) {
                    return Optional.<ProbeEvent>empty();
                }
            }
            return Optional.of(insertEvent(c, seen, to, at, seen.lastHeartbeatAt()));
        });
    }

    /**
     * The watchdog's look at the clock: when the previous look (by any replica) is more than
     * {@code deafAfter} ago, the time between is a deaf period (the API was stopped, frozen or
     * without its database), stored and returned.
     */
    @Override
    public Optional<DeafPeriod> tick(Instant now, Duration deafAfter) {
        return db.transaction(c -> {
            Long last = null;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT last_tick_at FROM liveness_ticks WHERE name = 'watchdog'")) {
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        last = r.getLong(1);
                    }
                }
            }
            if (last == null) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO liveness_ticks (name, last_tick_at) VALUES ('watchdog', ?)")) {
                    s.setLong(1, now.toEpochMilli());
                    s.executeUpdate();
                }
                return Optional.<DeafPeriod>empty();
            }
            if (now.toEpochMilli() <= last) {
                return Optional.<DeafPeriod>empty();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE liveness_ticks SET last_tick_at = ? WHERE name = 'watchdog' AND last_tick_at = ?")) {
                s.setLong(1, now.toEpochMilli());
                s.setLong(2, last);
                if (s.executeUpdate() != 1) {
                    return Optional.<DeafPeriod>empty(); // another replica looked meanwhile
                }
            }
            if (now.toEpochMilli() - last <= deafAfter.toMillis()) {
                return Optional.<DeafPeriod>empty();
            }
            DeafPeriod d = new DeafPeriod(Instant.ofEpochMilli(last), now, "the API did not look at its probes for "
                    + (now.toEpochMilli() - last) / 1000 + " s (it was stopped, frozen, or without its database)");
            insertDeaf(c, d);
            return Optional.of(d);
        });
    }

    /** When the watchdog (of any replica) last looked, if ever. */
    @Override
    public Optional<Instant> lastTick() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT last_tick_at FROM liveness_ticks WHERE name = 'watchdog'");
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(Instant.ofEpochMilli(r.getLong(1))) : Optional.<Instant>empty();
            }
        });
    }

    /** Stores a span in which heartbeats could not be heard. */
    @Override
    public void deaf(DeafPeriod period) {
        db.transaction(c -> {
            insertDeaf(c, period);
            return null;
        });
    }

    private static void insertDeaf(Connection c, DeafPeriod d) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO deaf_periods (started_at, ended_at, reason) VALUES (?, ?, ?)")) {
            s.setLong(1, d.from().toEpochMilli());
            s.setLong(2, d.to().toEpochMilli());
            s.setString(3, d.reason().length() > 300 ? d.reason().substring(0, 299) + "…" : d.reason());
            s.executeUpdate();
        }
    }

    /** The deaf periods that ended after {@code after}, oldest first. */
    @Override
    public List<DeafPeriod> deafPeriods(Instant after) {
        return db.read(c -> {
            List<DeafPeriod> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT started_at, ended_at, reason FROM deaf_periods"
                    + " WHERE ended_at > ? ORDER BY started_at")) {
                s.setLong(1, after.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(new DeafPeriod(Instant.ofEpochMilli(r.getLong(1)), Instant.ofEpochMilli(r.getLong(2)),
                                r.getString(3)));
                    }
                }
            }
            return found;
        });
    }

    /** A probe's events older than the event {@code beforeId} (null: from the newest), newest first. */
    @Override
    public List<ProbeEvent> events(long probeId, Long beforeId, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, probe_id, probe_name, region, occurred_at,"
                    + " from_status, to_status, last_heartbeat_at FROM probe_events WHERE probe_id = ? AND id < ?"
                    + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY")) {
                s.setLong(1, probeId);
                s.setLong(2, beforeId == null ? Long.MAX_VALUE : beforeId);
                s.setInt(3, limit);
                return events(s);
            }
        });
    }

    /** Every probe's events after the given event id, oldest first: a feed for notifiers. */
    public List<ProbeEvent> eventsAfter(long afterId, int limit) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, probe_id, probe_name, region, occurred_at,"
                    + " from_status, to_status, last_heartbeat_at FROM probe_events WHERE id > ?"
                    + " ORDER BY id FETCH FIRST ? ROWS ONLY")) {
                s.setLong(1, afterId);
                s.setInt(2, limit);
                return events(s);
            }
        });
    }

    private static List<ProbeEvent> events(PreparedStatement s) throws SQLException {
        List<ProbeEvent> events = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                events.add(new ProbeEvent(r.getLong("id"), r.getLong("probe_id"), r.getString("probe_name"),
                        r.getString("region"), Sql.getInstant(r, "occurred_at"),
                        ProbeStatus.fromWire(r.getString("from_status")), ProbeStatus.fromWire(r.getString("to_status")),
                        Sql.getInstant(r, "last_heartbeat_at")));
            }
        }
        return events;
    }

    private static ProbeEvent insertEvent(Connection c, Probe probe, ProbeStatus to, Instant at, Instant lastHeartbeat)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO probe_events (probe_id, probe_name, region,"
                + " occurred_at, from_status, to_status, last_heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            s.setLong(1, probe.id());
            s.setString(2, probe.name());
            s.setString(3, probe.region());
            s.setLong(4, at.toEpochMilli());
            s.setString(5, probe.status().wireName());
            s.setString(6, to.wireName());
            Sql.setInstant(s, 7, lastHeartbeat);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new ProbeEvent(keys.getLong(1), probe.id(), probe.name(), probe.region(), at, probe.status(), to,
                        lastHeartbeat);
            }
        }
    }

    private Optional<Probe> findByName(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM probes WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(probe(r)) : Optional.empty();
            }
        }
    }

    private Optional<Probe> findById(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM probes WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(probe(r)) : Optional.empty();
            }
        }
    }

    private Probe probe(ResultSet r) throws SQLException {
        Heartbeat beat = new Heartbeat(r.getString("version"), Sql.getInstant(r, "probe_started_at"),
                Sql.getLong(r, "spool_depth"), Sql.getInt(r, "checks_running"), r.getString("last_error"),
                Sql.getInstant(r, "probe_clock_at"), Sql.getDouble(r, "lateness_p50_ms"),
                Sql.getDouble(r, "lateness_p99_ms"), Sql.getLong(r, "missed_runs"));
        return new Probe(r.getLong("id"), r.getString("name"), r.getString("region"), read(r.getString("labels")),
                Sql.getInstant(r, "enrolled_at"), ProbeStatus.fromWire(r.getString("status")),
                Sql.getInstant(r, "status_since"), Sql.getInstant(r, "last_heartbeat_at"), beat,
                Sql.getLong(r, "clock_skew_ms"));
    }

    private String write(Map<String, String> labels) {
        try {
            return json.writeValueAsString(new java.util.TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels cannot be written as JSON", e);
        }
    }

    private Map<String, String> read(String labels) {
        try {
            return json.readValue(labels, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON: " + labels, e);
        }
    }
}
