package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.api.confirm.Command;
import org.glassprobe.api.confirm.ConfirmationStore;
import org.glassprobe.api.confirm.Round;

/**
 * Confirmation rounds ({@code confirm_slots}, {@code confirm_rounds}, {@code confirm_asks},
 * {@code confirm_budgets}): the bound per check is a row moved forward under its lock, a probe's
 * budget a row locked while its asks of the last minute are counted, so that the bounds hold
 * across API replicas on one database.
 */
public final class JdbcConfirmationStore implements ConfirmationStore {
    private static final long MINUTE = 60_000;

    private final Database db;

    public JdbcConfirmationStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Round> start(Request r, Duration period, int maxPerProbePerMinute) {
        long now = r.now().toEpochMilli();
        return db.transaction(c -> {
            if (!claimSlot(c, r.check(), now, period.toMillis(), r.trigger().startedAt().toEpochMilli())) {
                return Optional.<Round>empty();
            }
            List<Round.Ask> asked = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            // budgets are locked in one order (by name), so that two rounds cannot wait on each other
            List<Round.Ask> targets = r.targets().stream().sorted(Comparator.comparing(Round.Ask::probe)).toList();
            for (Round.Ask target : targets) {
                if (withinBudget(c, target.probe(), now, maxPerProbePerMinute)) {
                    asked.add(target);
                } else {
                    skipped.add(target.probe() + ": asked " + maxPerProbePerMinute + " times in the last minute"
                            + " (outages.confirm-max-runs-per-minute)");
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO confirm_rounds (id, check_name, reason,"
                    + " trigger_probe, trigger_region, trigger_result, trigger_started_at, created_at, deadline, skipped)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, r.id());
                s.setString(2, r.check());
                s.setString(3, r.reason());
                s.setString(4, r.trigger().probe());
                s.setString(5, r.trigger().region());
                s.setString(6, r.trigger().result());
                s.setLong(7, r.trigger().startedAt().toEpochMilli());
                s.setLong(8, now);
                s.setLong(9, r.deadline().toEpochMilli());
                Sql.setString(s, 10, skipped.isEmpty() ? null : cut(String.join("; ", skipped)));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO confirm_asks (round_id, probe_name, region,"
                    + " asked_at, deadline) VALUES (?, ?, ?, ?, ?)")) {
                for (Round.Ask a : asked) {
                    s.setString(1, r.id());
                    s.setString(2, a.probe());
                    s.setString(3, a.region());
                    s.setLong(4, now);
                    s.setLong(5, r.deadline().toEpochMilli());
                    s.addBatch();
                }
                if (!asked.isEmpty()) {
                    s.executeBatch();
                }
            }
            return Optional.of(new Round(r.id(), r.check(), r.reason(), r.trigger(), r.now(), r.deadline(), asked,
                    skipped));
        });
    }

    /**
     * Moves the check's slot to now, under its lock, when its last round is older than the period
     * and was caused by an earlier run; false when the bound says no.
     */
    private static boolean claimSlot(Connection c, String check, long now, long period, long triggerStarted)
            throws SQLException {
        Long lastRound = null;
        long lastTrigger = Long.MIN_VALUE;
        try (PreparedStatement s = c.prepareStatement("SELECT last_round_at, last_trigger_at FROM confirm_slots"
                + " WHERE check_name = ? FOR UPDATE")) {
            s.setString(1, check);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    lastRound = rs.getLong(1);
                    lastTrigger = rs.getLong(2);
                }
            }
        }
        if (lastRound == null) {
            // two deciders inserting at once: the second fails on the key and its transaction is retried
            try (PreparedStatement s = c.prepareStatement("INSERT INTO confirm_slots (check_name, last_round_at,"
                    + " last_trigger_at) VALUES (?, ?, ?)")) {
                s.setString(1, check);
                s.setLong(2, now);
                s.setLong(3, triggerStarted);
                s.executeUpdate();
            }
            return true;
        }
        if (lastRound > now - period || lastTrigger >= triggerStarted) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE confirm_slots SET last_round_at = ?, last_trigger_at = ?"
                + " WHERE check_name = ?")) {
            s.setLong(1, now);
            s.setLong(2, triggerStarted);
            s.setString(3, check);
            s.executeUpdate();
        }
        return true;
    }

    private static boolean withinBudget(Connection c, String probe, long now, int max) throws SQLException {
        if (max <= 0) {
            return false;
        }
        boolean exists;
        try (PreparedStatement s = c.prepareStatement("SELECT probe_name FROM confirm_budgets WHERE probe_name = ?"
                + " FOR UPDATE")) {
            s.setString(1, probe);
            try (ResultSet rs = s.executeQuery()) {
                exists = rs.next();
            }
        }
        if (!exists) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO confirm_budgets (probe_name) VALUES (?)")) {
                s.setString(1, probe);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM confirm_asks WHERE probe_name = ?"
                + " AND asked_at > ?")) {
            s.setString(1, probe);
            s.setLong(2, now - MINUTE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) < max;
            }
        }
    }

    @Override
    public boolean awaiting(String check, Instant now) {
        long at = now.toEpochMilli();
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM confirm_rounds r JOIN confirm_asks a"
                    + " ON a.round_id = r.id WHERE r.check_name = ? AND r.created_at > ? AND r.deadline > ?"
                    + " AND a.answered_at IS NULL")) {
                s.setString(1, check);
                s.setLong(2, at - 24 * 60 * MINUTE);
                s.setLong(3, at);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    @Override
    public void answered(String probe, List<Answer> answers, Instant now) {
        if (answers.isEmpty()) {
            return;
        }
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE confirm_asks SET answered_at = ?, result_id = ?,"
                    + " ok = ? WHERE round_id = ? AND probe_name = ? AND answered_at IS NULL")) {
                for (Answer a : answers) {
                    s.setLong(1, now.toEpochMilli());
                    s.setString(2, a.result());
                    s.setBoolean(3, a.ok());
                    s.setString(4, a.round());
                    s.setString(5, probe);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Command> pending(Instant now) {
        return db.read(c -> {
            List<Command> commands = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT a.round_id, a.probe_name, r.check_name, r.reason,"
                    + " r.deadline, r.trigger_probe, r.trigger_region, r.trigger_result, r.trigger_started_at"
                    + " FROM confirm_asks a JOIN confirm_rounds r ON r.id = a.round_id"
                    + " WHERE a.deadline > ? AND a.answered_at IS NULL ORDER BY a.asked_at, a.round_id")) {
                s.setLong(1, now.toEpochMilli());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        commands.add(new Command(rs.getString(1), rs.getString(2), Command.CONFIRM, rs.getString(3),
                                rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), new Round.Trigger(
                                        rs.getString(6), rs.getString(7), rs.getString(8),
                                        Instant.ofEpochMilli(rs.getLong(9)))));
                    }
                }
            }
            return commands;
        });
    }

    @Override
    public List<Round> recent(String check, int limit) {
        return db.read(c -> {
            Map<String, Round> rounds = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, reason, trigger_probe, trigger_region,"
                    + " trigger_result, trigger_started_at, created_at, deadline, skipped FROM confirm_rounds"
                    + " WHERE check_name = ? ORDER BY created_at DESC, id")) {
                s.setString(1, check);
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String skipped = rs.getString(9);
                        rounds.put(rs.getString(1), new Round(rs.getString(1), check, rs.getString(2),
                                new Round.Trigger(rs.getString(3), rs.getString(4), rs.getString(5),
                                        Instant.ofEpochMilli(rs.getLong(6))),
                                Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)), List.of(),
                                skipped == null ? List.of() : List.of(skipped.split("; "))));
                    }
                }
            }
            if (rounds.isEmpty()) {
                return List.of();
            }
            Map<String, List<Round.Ask>> asks = new LinkedHashMap<>();
            String marks = String.join(", ", java.util.Collections.nCopies(rounds.size(), "?"));
            try (PreparedStatement s = c.prepareStatement("SELECT round_id, probe_name, region, answered_at, result_id,"
                    + " ok FROM confirm_asks WHERE round_id IN (" + marks + ") ORDER BY probe_name")) {
                int i = 1;
                for (String id : rounds.keySet()) {
                    s.setString(i++, id);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long answered = rs.getLong(4);
                        boolean wasNull = rs.wasNull();
                        Boolean ok = rs.getBoolean(6);
                        if (rs.wasNull()) {
                            ok = null;
                        }
                        asks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Round.Ask(
                                rs.getString(2), rs.getString(3), wasNull ? null : Instant.ofEpochMilli(answered),
                                rs.getString(5), ok));
                    }
                }
            }
            return rounds.values().stream().map(r -> new Round(r.id(), r.check(), r.reason(), r.trigger(),
                    r.createdAt(), r.deadline(), asks.getOrDefault(r.id(), List.of()), r.skipped())).toList();
        });
    }

    @Override
    public int prune(Instant before) {
        long at = before.toEpochMilli();
        return db.transaction(c -> {
            try (PreparedStatement a = c.prepareStatement("DELETE FROM confirm_asks WHERE round_id IN"
                    + " (SELECT id FROM confirm_rounds WHERE created_at < ?)");
                    PreparedStatement r = c.prepareStatement("DELETE FROM confirm_rounds WHERE created_at < ?")) {
                a.setLong(1, at);
                a.executeUpdate();
                r.setLong(1, at);
                return r.executeUpdate();
            }
        });
    }

    private static String cut(String text) {
        return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
    }
}
