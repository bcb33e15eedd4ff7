package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.OutboundEvent;

/**
 * The outbox: an event becomes one pending delivery per subscription that wants it, on the
 * connection (and so in the transaction) of the state change that caused it.
 */
final class Outbox {
    private Outbox() {}

    /** A subscription's filters: event types, then for a check's event the check's name and labels. */
    private record Subscription(String id, List<String> types, List<String> checks, Map<String, String> labels) {
        boolean wants(OutboundEvent e, Map<String, String> checkLabels) {
            return types.contains(e.type().wireName())
                    && (!e.type().aboutCheck() || ((checks == null || checks.contains(e.check()))
                            && (labels == null || checkLabels.entrySet().containsAll(labels.entrySet()))));
        }
    }

    static int enqueue(Connection c, List<OutboundEvent> events, Instant now) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        List<Subscription> subscriptions = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, event_types, checks, labels FROM webhooks ORDER BY id")) {
            while (r.next()) {
                String checks = r.getString(3);
                subscriptions.add(new Subscription(r.getString(1), Arrays.asList(r.getString(2).split(",")),
                        checks == null ? null : Arrays.asList(checks.split("\n")), Labels.read(r.getString(4))));
            }
        }
        Map<String, Map<String, String>> labelsOfChecks = new HashMap<>();
        for (OutboundEvent e : events) {
            if (e.check() != null && !labelsOfChecks.containsKey(e.check())) {
                labelsOfChecks.put(e.check(), checkLabels(c, e.check()));
            }
        }
        int written = 0;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_deliveries (webhook_id, message_id,"
                + " event_type, check_name, payload, created_at, status, attempts, next_attempt_at, test, order_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, FALSE, ?)")) {
            for (OutboundEvent e : events) {
                for (Subscription sub : subscriptions) {
                    if (sub.wants(e, e.check() == null ? Map.of() : labelsOfChecks.get(e.check()))) {
                        s.setString(1, sub.id());
                        s.setString(2, e.messageId());
                        s.setString(3, e.type().wireName());
                        Sql.setString(s, 4, e.check());
                        s.setString(5, e.payload());
                        s.setLong(6, now.toEpochMilli());
                        s.setLong(7, now.toEpochMilli());
                        Sql.setString(s, 8, e.orderKey());
                        s.addBatch();
                        written++;
                    }
                }
            }
            if (written > 0) {
                s.executeBatch();
            }
        }
        return written;
    }

    /** The labels the check carries now (none when it was deleted since). */
    private static Map<String, String> checkLabels(Connection c, String check) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT labels FROM checks WHERE name = ?")) {
            s.setString(1, check);
            try (ResultSet r = s.executeQuery()) {
                Map<String, String> labels = r.next() ? Labels.read(r.getString(1)) : null;
                return labels == null ? Map.of() : labels;
            }
        }
    }

    /** The receiver answers again: its other pending deliveries are due now, not at the end of their backoff. */
    static void hurryBacklog(Connection c, long deliveredSeq, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET next_attempt_at = ?"
                + " WHERE webhook_id = (SELECT webhook_id FROM webhook_deliveries WHERE seq = ?)"
                + " AND status = 'pending' AND next_attempt_at > ?")) {
            s.setLong(1, now.toEpochMilli());
            s.setLong(2, deliveredSeq);
            s.setLong(3, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    static void insertAttempt(Connection c, long seq, int number, Instant at, Attempt attempt, String status)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_attempts (delivery_seq, attempt,"
                + " attempted_at, duration_ms, http_status, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            s.setInt(2, number);
            s.setLong(3, at.toEpochMilli());
            s.setDouble(4, attempt.durationMs());
            Sql.setInt(s, 5, attempt.status());
            s.setString(6, attempt instanceof Attempt.Delivered ? "delivered"
                    : status.equals("failed") ? "failed" : "retry");
            String error = attempt.error();
            Sql.setString(s, 7, error == null || error.length() <= 1000 ? error : error.substring(0, 999) + "…");
            s.executeUpdate();
        }
    }

    static void prune(Connection c, long seq, int keep) throws SQLException {
        String webhook;
        try (PreparedStatement s = c.prepareStatement("SELECT webhook_id FROM webhook_deliveries WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return;
                }
                webhook = r.getString(1);
            }
        }
        Long oldestKept = null;
        try (PreparedStatement s = c.prepareStatement("SELECT seq FROM webhook_deliveries WHERE webhook_id = ?"
                + " AND status <> 'pending' ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, webhook);
            s.setInt(2, keep - 1);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    oldestKept = r.getLong(1);
                }
            }
        }
        if (oldestKept == null) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM webhook_attempts WHERE delivery_seq IN (SELECT seq"
                + " FROM webhook_deliveries WHERE webhook_id = ? AND status <> 'pending' AND seq < ?)")) {
            s.setString(1, webhook);
            s.setLong(2, oldestKept);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM webhook_deliveries WHERE webhook_id = ?"
                + " AND status <> 'pending' AND seq < ?")) {
            s.setString(1, webhook);
            s.setLong(2, oldestKept);
            s.executeUpdate();
        }
    }
}
