package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.glassprobe.api.notify.OutboundEvent;

/**
 * The outbox: an event becomes one pending delivery per subscription that wants it, on the
 * connection (and so in the transaction) of the state change that caused it.
 */
final class Outbox {
    private Outbox() {}

    private record Subscription(String id, List<String> types, List<String> checks) {
        boolean wants(OutboundEvent e) {
            return types.contains(e.type().wireName())
                    && (!e.type().aboutCheck() || checks == null || checks.contains(e.check()));
        }
    }

    static int enqueue(Connection c, List<OutboundEvent> events, Instant now) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        List<Subscription> subscriptions = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, event_types, checks FROM webhooks ORDER BY id")) {
            while (r.next()) {
                String checks = r.getString(3);
                subscriptions.add(new Subscription(r.getString(1), Arrays.asList(r.getString(2).split(",")),
                        checks == null ? null : Arrays.asList(checks.split("\n"))));
            }
        }
        int written = 0;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_deliveries (webhook_id, message_id,"
                + " event_type, check_name, payload, created_at, status, attempts, next_attempt_at, test, order_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, FALSE, ?)")) {
            for (OutboundEvent e : events) {
                for (Subscription sub : subscriptions) {
                    if (sub.wants(e)) {
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
}
