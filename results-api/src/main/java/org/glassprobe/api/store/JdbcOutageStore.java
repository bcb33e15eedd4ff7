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
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.notify.OutboundEvent;
import org.glassprobe.api.outage.CheckRecord;
import org.glassprobe.api.outage.CheckStates;
import org.glassprobe.api.outage.Decision;
import org.glassprobe.api.outage.IncidentErrors;
import org.glassprobe.api.outage.IncidentKind;
import org.glassprobe.api.outage.IncidentRecord;
import org.glassprobe.api.outage.OutageStore;
import org.glassprobe.api.outage.Previous;
import org.glassprobe.api.outage.RegionHistory;
import org.glassprobe.api.outage.RegionRecord;
import org.glassprobe.api.outage.Subject;
import org.glassprobe.api.outage.Vote;
import org.glassprobe.api.storage.StoreException;
import org.glassprobe.scenarios.model.OutagePolicy;

/**
 * Outage decisions: what a decision reads (a check's rhythm and policy, the latest result of each
 * probe, recent results of a region, baselines from hour roll-ups), and what it writes (the check's
 * and regions' states, incidents, and the events for subscribers in the outbox), in one transaction.
 * Incidents read for showing ({@link #incidents}, {@link #incident(String)}) carry, while an outage or
 * a regional failure is open, the errors of its regions' failed runs up to now.
 */
public final class JdbcOutageStore implements OutageStore {
    private static final String INCIDENT_COLUMNS = "id, kind, check_name, opened_at, resolved_at, regions,"
            + " first_result_id, error_summary, notified, cleared_at, flaps, runs, failed_runs, top_errors, last_error,"
            + " last_error_at";
    private static final String NOT_PROBE = " AND (error_kind IS NULL OR error_kind <> 'probe')";
    /** How much of an error message an incident keeps. */
    private static final int MESSAGE_CHARS = 500;
    private static final TypeReference<List<IncidentErrors.Count>> COUNTS = new TypeReference<>() {};

    private final Database db;
    private final Function<String, OutagePolicy> policies;
    private final ObjectMapper json = Json.newMapper();

    /**
     * @param policies a check's outage policy from its stored text (null text: the defaults)
     */
    public JdbcOutageStore(Database db, Function<String, OutagePolicy> policies) {
        this.db = db;
        this.policies = policies;
    }

    /** The names of every check, and of every check a state is stored for (a deleted check's state is forgotten). */
    @Override
    public List<String> checkNames() {
        return db.read(c -> {
            TreeSet<String> names = new TreeSet<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT name FROM checks UNION SELECT check_name FROM outage_checks")) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return List.copyOf(names);
        });
    }

    /** What a decision needs to know of the check, if it exists. */
    @Override
    public Optional<Subject> subject(String check) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT name, interval_ms, timeout_ms, retries, regions,"
                    + " outage_policy FROM checks WHERE name = ?")) {
                s.setString(1, check);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Subject>empty();
                    }
                    String regions = r.getString("regions");
                    return Optional.of(new Subject(r.getString("name"), Duration.ofMillis(r.getLong("interval_ms")),
                            Duration.ofMillis(r.getLong("timeout_ms")), r.getInt("retries"),
                            regions.isEmpty() ? List.of() : Arrays.asList(regions.split(",")),
                            policies.apply(r.getString("outage_policy"))));
                }
            }
        });
    }

    /** The latest result of the check from each probe, with its error message. */
    @Override
    public List<Vote> votes(String check) {
        return db.read(c -> {
            List<Vote> votes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT l.probe_name, l.region, l.result_id, l.started_at,"
                    + " l.ok, l.error_kind, l.duration_ms, r.error_message, l.warning FROM latest_results l"
                    + " LEFT JOIN results r ON r.id = l.result_id WHERE l.check_name = ?")) {
                s.setString(1, check);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        votes.add(new Vote(r.getString(1), r.getString(2), r.getObject(3).toString(),
                                Instant.ofEpochMilli(r.getLong(4)), r.getBoolean(5), r.getString(6), r.getString(8),
                                r.getDouble(7), r.getString(9)));
                    }
                }
            }
            return votes;
        });
    }

    /** What was decided last time (a fresh, unversioned record when nothing was). */
    @Override
    public Previous previous(String check, Instant now) {
        return db.read(c -> {
            CheckRecord record = null;
            try (PreparedStatement s = c.prepareStatement("SELECT state, since, outage_id, regional_id, degraded_id,"
                    + " regional_degraded_id, version FROM outage_checks WHERE check_name = ?")) {
                s.setString(1, check);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        record = new CheckRecord(check, CheckStates.State.valueOf(r.getString(1)),
                                Instant.ofEpochMilli(r.getLong(2)), r.getString(3), r.getString(4), r.getString(5),
                                r.getString(6), r.getLong(7));
                    }
                }
            }
            if (record == null) {
                record = new CheckRecord(check, CheckStates.State.UNKNOWN, now, null, null, null, null, -1);
            }
            Map<String, RegionRecord> regions = new LinkedHashMap<>();
            for (RegionRecord region : regions(c, check)) {
                regions.put(region.region(), region);
            }
            Map<IncidentKind, IncidentRecord> open = new EnumMap<>(IncidentKind.class);
            for (String id : new String[] {record.outageId(), record.regionalId(), record.degradedId(),
                    record.regionalDegradedId()}) {
                if (id != null) {
                    incident(c, id).filter(IncidentRecord::open).ifPresent(i -> open.put(i.kind(), i));
                }
            }
            Map<IncidentKind, IncidentRecord> ended = new EnumMap<>(IncidentKind.class);
            for (IncidentKind kind : new IncidentKind[] {IncidentKind.OUTAGE, IncidentKind.REGIONAL}) {
                try (PreparedStatement s = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents"
                        + " WHERE check_name = ? AND kind = ? AND resolved_at IS NOT NULL"
                        + " ORDER BY opened_at DESC, id DESC FETCH FIRST 1 ROWS ONLY")) {
                    s.setString(1, check);
                    s.setString(2, kind.wireName());
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            ended.put(kind, incident(r));
                        }
                    }
                }
            }
            return new Previous(record, regions, open, ended);
        });
    }

    private static List<RegionRecord> regions(Connection c, String check) throws SQLException {
        List<RegionRecord> regions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT region, state, since, failing, degraded, last_error"
                + " FROM outage_regions WHERE check_name = ?")) {
            s.setString(1, check);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    regions.add(region(r));
                }
            }
        }
        return Sql.byName(regions, RegionRecord::region);
    }

    private static RegionRecord region(ResultSet r) throws SQLException {
        return new RegionRecord(r.getString("region"), CheckStates.State.valueOf(r.getString("state")),
                Instant.ofEpochMilli(r.getLong("since")), r.getBoolean("failing"), r.getBoolean("degraded"),
                r.getString("last_error"));
    }

    private Optional<IncidentRecord> incident(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(incident(r)) : Optional.empty();
            }
        }
    }

    private IncidentRecord incident(ResultSet r) throws SQLException {
        String regions = r.getString("regions");
        return new IncidentRecord(r.getString("id"), IncidentKind.fromWire(r.getString("kind")),
                r.getString("check_name"), Instant.ofEpochMilli(r.getLong("opened_at")),
                Sql.getInstant(r, "resolved_at"), regions.isEmpty() ? List.of() : Arrays.asList(regions.split(",")),
                r.getString("first_result_id"), r.getString("error_summary"), r.getBoolean("notified"),
                Sql.getInstant(r, "cleared_at"), r.getInt("flaps"), r.getInt("runs"), r.getInt("failed_runs"),
                new IncidentErrors(counts(r.getString("top_errors")), r.getString("last_error"),
                        Sql.getInstant(r, "last_error_at")));
    }

    private List<IncidentErrors.Count> counts(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        try {
            return json.readValue(text, COUNTS);
        } catch (JsonProcessingException e) {
            throw new StoreException("an incident's top_errors is not the JSON the API writes: " + text, e);
        }
    }

    private String text(List<IncidentErrors.Count> counts) {
        try {
            return counts.isEmpty() ? null : json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an incident's errors cannot be written as JSON", e);
        }
    }

    /**
     * The failed runs of the check in these regions from {@code since} until {@code until} (null: up
     * to now), by the message they ended with (its kind when it has none); failures of kind probe and
     * runs inside a maintenance window left out.
     */
    @Override
    public List<IncidentErrors.Seen> errorsBetween(String check, Collection<String> regions, Instant since,
            Instant until) {
        return db.read(c -> errorsBetween(c, check, regions, since, until));
    }

    private static List<IncidentErrors.Seen> errorsBetween(Connection c, String check, Collection<String> regions,
            Instant since, Instant until) throws SQLException {
        if (regions.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT error_kind, error_message, COUNT(*), MAX(started_at)"
                + " FROM results WHERE check_name = ? AND region IN (" + Sql.placeholders(regions.size()) + ")"
                + " AND started_at >= ? AND started_at < ? AND ok = FALSE AND in_maintenance = FALSE" + NOT_PROBE
                + " GROUP BY error_kind, error_message")) {
            int i = 1;
            s.setString(i++, check);
            for (String region : regions) {
                s.setString(i++, region);
            }
            s.setLong(i++, since.toEpochMilli());
            s.setLong(i, until == null ? Long.MAX_VALUE : until.toEpochMilli());
            List<IncidentErrors.Seen> seen = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String message = r.getString(2) != null ? r.getString(2) : r.getString(1) != null ? r.getString(1)
                            : "failed";
                    seen.add(new IncidentErrors.Seen(cut(message, MESSAGE_CHARS), r.getInt(3),
                            Instant.ofEpochMilli(r.getLong(4))));
                }
            }
            return seen;
        }
    }

    /** An open outage or regional failure with the errors of its failed runs up to now; any other as stored. */
    private IncidentRecord current(Connection c, IncidentRecord incident) throws SQLException {
        if (!incident.open() || !incident.aboutFailures()) {
            return incident;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT interval_ms FROM checks WHERE name = ?")) {
            s.setString(1, incident.check());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return incident;
                }
                // from the round that opened it, as the decisions count it
                Instant since = incident.openedAt().minusMillis(r.getLong(1));
                return incident.withErrors(IncidentErrors.of(errorsBetween(c, incident.check(), incident.regions(),
                        since, null)));
            }
        }
    }

    /**
     * The region's runs of the check by these probes between two times (from inclusive; null until:
     * up to now), and its failed ones.
     */
    @Override
    public RegionHistory.Runs runsBetween(String check, String region, Collection<String> probes, Instant since,
            Instant until) {
        if (probes.isEmpty()) {
            return new RegionHistory.Runs(0, 0);
        }
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN ok THEN 0 ELSE 1"
                    + " END), 0) FROM results WHERE check_name = ? AND region = ? AND probe_name IN ("
                    + Sql.placeholders(probes.size()) + ") AND started_at >= ? AND started_at < ?"
                    + " AND in_maintenance = FALSE" + NOT_PROBE)) {
                int i = 1;
                s.setString(i++, check);
                s.setString(i++, region);
                for (String probe : probes) {
                    s.setString(i++, probe);
                }
                s.setLong(i++, since.toEpochMilli());
                s.setLong(i, until == null ? Long.MAX_VALUE : until.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new RegionHistory.Runs(r.getInt(1), r.getInt(2));
                }
            }
        });
    }

    /** How many of the region's runs of the check by these probes failed since the given time. */
    @Override
    public int failuresSince(String check, String region, Collection<String> probes, Instant since) {
        return runsBetween(check, region, probes, since, null).failed();
    }

    /** The outcomes (true: passed) of the region's last runs by these probes, newest first. */
    @Override
    public List<Boolean> lastOutcomes(String check, String region, Collection<String> probes, int n) {
        List<Boolean> outcomes = new ArrayList<>();
        for (double[] run : lastRuns(check, region, probes, n, false)) {
            outcomes.add(run[0] > 0);
        }
        return outcomes;
    }

    /** The durations in ms of the region's last passed runs by these probes, newest first. */
    @Override
    public List<Double> lastPassedDurations(String check, String region, Collection<String> probes, int n) {
        List<Double> durations = new ArrayList<>();
        for (double[] run : lastRuns(check, region, probes, n, true)) {
            durations.add(run[1]);
        }
        return durations;
    }

    /** The region's last passed runs by these probes with their warnings, newest first. */
    @Override
    public List<RegionHistory.PassedRun> lastPassedRuns(String check, String region, Collection<String> probes,
            int n) {
        if (probes.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT duration_ms, warning FROM results WHERE"
                    + " check_name = ? AND region = ? AND in_maintenance = FALSE AND ok = TRUE AND probe_name IN ("
                    + Sql.placeholders(probes.size()) + ") ORDER BY started_at DESC, seq DESC FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                s.setString(i++, check);
                s.setString(i++, region);
                for (String probe : probes) {
                    s.setString(i++, probe);
                }
                s.setInt(i, n);
                List<RegionHistory.PassedRun> runs = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        runs.add(new RegionHistory.PassedRun(r.getDouble(1), r.getString(2)));
                    }
                }
                return runs;
            }
        });
    }

    private List<double[]> lastRuns(String check, String region, Collection<String> probes, int n, boolean passedOnly) {
        if (probes.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            // newest first by start, then by arrival: a region's probes run a check at the same instant,
            // and without the second key H2 and PostgreSQL each pick their own order among those runs
            try (PreparedStatement s = c.prepareStatement("SELECT ok, duration_ms FROM results WHERE check_name = ?"
                    + " AND region = ? AND in_maintenance = FALSE" + (passedOnly ? " AND ok = TRUE" : NOT_PROBE)
                    + " AND probe_name IN (" + Sql.placeholders(probes.size())
                    + ") ORDER BY started_at DESC, seq DESC FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                s.setString(i++, check);
                s.setString(i++, region);
                for (String probe : probes) {
                    s.setString(i++, probe);
                }
                s.setInt(i, n);
                List<double[]> runs = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        runs.add(new double[] {r.getBoolean(1) ? 1 : 0, r.getDouble(2)});
                    }
                }
                return runs;
            }
        });
    }

    /**
     * The encoded total-latency histograms of the region's hour roll-ups of the check since the
     * given time and, with {@code before}, of the hours that ended by then.
     */
    @Override
    public List<String> hourHistograms(String check, String region, Instant since, Instant before) {
        return totalHistograms("rollup_hour", check, region, since.toEpochMilli(),
                before == null ? Long.MAX_VALUE : before.toEpochMilli());
    }

    /** The encoded total-latency histograms of the region's minute roll-ups in [since, before). */
    @Override
    public List<String> minuteHistograms(String check, String region, Instant since, Instant before) {
        return totalHistograms("rollup_minute", check, region, since.toEpochMilli(), before.toEpochMilli());
    }

    /** The encoded total-latency histograms of the region's rows in a roll-up table, bucket_start in [from, to). */
    private List<String> totalHistograms(String table, String check, String region, long from, long to) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT total_hist FROM " + table + " WHERE check_name = ?"
                    + " AND region = ? AND bucket_start >= ? AND bucket_start < ?")) {
                s.setString(1, check);
                s.setString(2, region);
                s.setLong(3, from);
                s.setLong(4, to);
                List<String> histograms = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        histograms.add(r.getString(1));
                    }
                }
                return histograms;
            }
        });
    }

    /**
     * Writes a decision if nothing was decided about the check meanwhile (the stored version is
     * still the one the decision started from), with its events in the outbox, in one transaction.
     *
     * @return false when another decision came first: decide again
     */
    @Override
    public boolean apply(Decision decision, List<OutboundEvent> events, Instant now) {
        return db.journaled(new JournalOp.Decide(decision, events, now), c -> {
            CheckRecord check = decision.check();
            if (check.version() < 0) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT 1 FROM outage_checks WHERE check_name = ?")) {
                    s.setString(1, check.check());
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            return false;
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO outage_checks (state, since, outage_id,"
                        + " regional_id, degraded_id, regional_degraded_id, decided_at, version, check_name)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
                    bindCheck(s, check, now);
                    s.setString(8, check.check());
                    s.executeUpdate();
                }
            } else {
                try (PreparedStatement s = c.prepareStatement("UPDATE outage_checks SET state = ?, since = ?,"
                        + " outage_id = ?, regional_id = ?, degraded_id = ?, regional_degraded_id = ?, decided_at = ?,"
                        + " version = version + 1 WHERE check_name = ? AND version = ?")) {
                    bindCheck(s, check, now);
                    s.setString(8, check.check());
                    s.setLong(9, check.version());
                    if (s.executeUpdate() != 1) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM outage_regions WHERE check_name = ?")) {
                s.setString(1, check.check());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO outage_regions (check_name, region, state, since,"
                    + " failing, degraded, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (RegionRecord region : decision.regions()) {
                    s.setString(1, check.check());
                    s.setString(2, region.region());
                    s.setString(3, region.state().name());
                    s.setLong(4, region.since().toEpochMilli());
                    s.setBoolean(5, region.failing());
                    s.setBoolean(6, region.degraded());
                    Sql.setString(s, 7, cut(region.lastError(), 2000));
                    s.addBatch();
                }
                s.executeBatch();
            }
            for (IncidentRecord incident : decision.incidents()) {
                write(c, incident);
            }
            Outbox.enqueue(c, events, now);
            return true;
        });
    }

    private static void bindCheck(PreparedStatement s, CheckRecord check, Instant now) throws SQLException {
        s.setString(1, check.state().name());
        s.setLong(2, check.since().toEpochMilli());
        Sql.setString(s, 3, check.outageId());
        Sql.setString(s, 4, check.regionalId());
        Sql.setString(s, 5, check.degradedId());
        Sql.setString(s, 6, check.regionalDegradedId());
        s.setLong(7, now.toEpochMilli());
    }

    private void write(Connection c, IncidentRecord i) throws SQLException {
        int updated;
        try (PreparedStatement s = c.prepareStatement("UPDATE incidents SET resolved_at = ?, regions = ?, notified = ?,"
                + " cleared_at = ?, flaps = ?, runs = ?, failed_runs = ?, top_errors = ?, last_error = ?,"
                + " last_error_at = ? WHERE id = ?")) {
            Sql.setInstant(s, 1, i.resolvedAt());
            s.setString(2, String.join(",", i.regions()));
            s.setBoolean(3, i.notified());
            Sql.setInstant(s, 4, i.clearedAt());
            s.setInt(5, i.flaps());
            s.setInt(6, i.runs());
            s.setInt(7, i.failedRuns());
            Sql.setString(s, 8, text(i.errors().mostFrequent()));
            Sql.setString(s, 9, cut(i.errors().last(), 2000));
            Sql.setInstant(s, 10, i.errors().lastAt());
            s.setString(11, i.id());
            updated = s.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO incidents (" + INCIDENT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, i.id());
                s.setString(2, i.kind().wireName());
                s.setString(3, i.check());
                s.setLong(4, i.openedAt().toEpochMilli());
                Sql.setInstant(s, 5, i.resolvedAt());
                s.setString(6, String.join(",", i.regions()));
                Sql.setString(s, 7, i.firstResultId());
                Sql.setString(s, 8, cut(i.errorSummary(), 2000));
                s.setBoolean(9, i.notified());
                Sql.setInstant(s, 10, i.clearedAt());
                s.setInt(11, i.flaps());
                s.setInt(12, i.runs());
                s.setInt(13, i.failedRuns());
                Sql.setString(s, 14, text(i.errors().mostFrequent()));
                Sql.setString(s, 15, cut(i.errors().last(), 2000));
                Sql.setInstant(s, 16, i.errors().lastAt());
                s.executeUpdate();
            }
        }
    }

    /**
     * Forgets a deleted check's state; its open incidents are closed (silently: the check is gone,
     * not recovered). Its history stays.
     */
    @Override
    public void forget(String check, Instant now) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE incidents SET resolved_at = ? WHERE check_name = ?"
                    + " AND resolved_at IS NULL")) {
                s.setLong(1, now.toEpochMilli());
                s.setString(2, check);
                s.executeUpdate();
            }
            for (String table : new String[] {"outage_regions", "outage_checks"}) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE check_name = ?")) {
                    s.setString(1, check);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Every check with its decided state, by name. */
    @Override
    public List<StoredState> states(String only) {
        return db.read(c -> {
            Map<String, StoredState> states = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.name, c.created_at, o.state, o.since, o.outage_id,"
                    + " o.regional_id, o.degraded_id, o.regional_degraded_id, o.version FROM checks c"
                    + " LEFT JOIN outage_checks o"
                    + " ON o.check_name = c.name" + (only == null ? "" : " WHERE c.name = ?"))) {
                if (only != null) {
                    s.setString(1, only);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String name = r.getString(1);
                        CheckRecord record = r.getString(3) == null ? null : new CheckRecord(name,
                                CheckStates.State.valueOf(r.getString(3)), Instant.ofEpochMilli(r.getLong(4)),
                                r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getLong(9));
                        states.put(name, new StoredState(name, Instant.ofEpochMilli(r.getLong(2)), record,
                                new ArrayList<>()));
                    }
                }
            }
            if (states.isEmpty()) {
                return List.<StoredState>of();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT check_name, region, state, since, failing, degraded,"
                    + " last_error FROM outage_regions" + (only == null ? "" : " WHERE check_name = ?"))) {
                if (only != null) {
                    s.setString(1, only);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        StoredState state = states.get(r.getString(1));
                        if (state != null) {
                            state.regions().add(region(r));
                        }
                    }
                }
            }
            return Sql.byName(states.values().stream().map(st -> new StoredState(st.check(), st.createdAt(),
                    st.record(), Sql.byName(st.regions(), RegionRecord::region))).toList(), StoredState::check);
        });
    }

    /** Incidents of these kinds, newest first, of one check (null: every check). */
    @Override
    public List<IncidentRecord> incidents(String check, Collection<IncidentKind> kinds, IncidentKey before,
            int limit) {
        return db.read(c -> {
            List<String> names = kinds.stream().map(IncidentKind::wireName).toList();
            try (PreparedStatement s = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incidents WHERE kind IN ("
                    + Sql.placeholders(names.size()) + ")" + (check == null ? "" : " AND check_name = ?")
                    + (before == null ? "" : " AND (opened_at < ? OR (opened_at = ? AND id < ?))")
                    + " ORDER BY opened_at DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
                int i = 1;
                for (String name : names) {
                    s.setString(i++, name);
                }
                if (check != null) {
                    s.setString(i++, check);
                }
                if (before != null) {
                    s.setLong(i++, before.openedAtMs());
                    s.setLong(i++, before.openedAtMs());
                    s.setString(i++, before.id());
                }
                s.setInt(i, limit);
                List<IncidentRecord> incidents = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        incidents.add(incident(r));
                    }
                }
                List<IncidentRecord> shown = new ArrayList<>();
                for (IncidentRecord incident : incidents) {
                    shown.add(current(c, incident));
                }
                return shown;
            }
        });
    }

    @Override
    public Optional<IncidentRecord> incident(String id) {
        return db.read(c -> {
            Optional<IncidentRecord> found = incident(c, id);
            return found.isPresent() ? Optional.of(current(c, found.get())) : found;
        });
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
