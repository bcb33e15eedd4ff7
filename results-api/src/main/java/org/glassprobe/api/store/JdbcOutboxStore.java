package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.notify.OutboundEvent;
import org.glassprobe.api.notify.Pending;
import org.glassprobe.api.webhook.Webhook;
import org.glassprobe.api.notify.OutboxStore;

/**
 * The outbox's sending side: pending deliveries (the oldest of each webhook first), each attempt,
 * the lease that lets one sender at a time deliver a webhook's messages, and the cursor of the
 * probe-event feed.
 */
public final class JdbcOutboxStore implements OutboxStore {
    private final Database db;

    public JdbcOutboxStore(Database db) {
        this.db = db;
    }

    /**
     * A pending delivery that no older pending delivery of the same webhook and sequence (incident,
     * probe) is waiting before: the ones that may go.
     */
    private static final String FIRST_OF_ITS_SEQUENCE = "d.status = 'pending' AND NOT EXISTS (SELECT 1 FROM"
            + " webhook_deliveries x WHERE x.webhook_id = d.webhook_id AND x.status = 'pending'"
            + " AND COALESCE(x.order_key, '') = COALESCE(d.order_key, '') AND x.seq < d.seq)";

    /** For each webhook with pending deliveries, when the first of them that may go is due. */
    @Override
    public Map<String, Instant> heads() {
        return db.read(c -> {
            Map<String, Instant> heads = new LinkedHashMap<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT d.webhook_id,"
                    + " MIN(d.next_attempt_at) FROM webhook_deliveries d WHERE " + FIRST_OF_ITS_SEQUENCE
                    + " GROUP BY d.webhook_id")) {
                while (r.next()) {
                    heads.put(r.getString(1), Instant.ofEpochMilli(r.getLong(2)));
                }
            }
            return heads;
        });
    }

    /**
     * The webhook's oldest delivery that is due at {@code now} and first of its sequence, with where
     * it goes: a delivery of one incident never waits behind the retries of another's.
     */
    @Override
    public Optional<Pending> head(String webhookId, Instant now) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT d.seq, d.webhook_id, w.kind, w.url, w.settings, w.secret,"
                    + " d.message_id, d.event_type, d.payload, d.created_at, d.attempts, d.next_attempt_at"
                    + " FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
                    + " WHERE d.webhook_id = ? AND d.next_attempt_at <= ? AND " + FIRST_OF_ITS_SEQUENCE
                    + " ORDER BY d.seq FETCH FIRST 1 ROWS ONLY")) {
                s.setString(1, webhookId);
                s.setLong(2, now.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Pending>empty();
                    }
                    return Optional.of(new Pending(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                            Instant.ofEpochMilli(r.getLong(10)), r.getInt(11), Instant.ofEpochMilli(r.getLong(12))));
                }
            }
        });
    }

    /**
     * Takes (or renews) the lease to send the webhook's deliveries until {@code until}; false when
     * another sender holds it.
     */
    @Override
    public boolean lease(String webhookId, String owner, Instant now, Instant until) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE webhooks SET sending_by = ?, sending_until = ?"
                    + " WHERE id = ? AND (sending_by IS NULL OR sending_by = ? OR sending_until < ?)")) {
                s.setString(1, owner);
                s.setLong(2, until.toEpochMilli());
                s.setString(3, webhookId);
                s.setString(4, owner);
                s.setLong(5, now.toEpochMilli());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String webhookId, String owner) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE webhooks SET sending_by = NULL, sending_until = NULL"
                    + " WHERE id = ? AND sending_by = ?")) {
                s.setString(1, webhookId);
                s.setString(2, owner);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Records an attempt and its consequence in one transaction: delivered, failed, or pending
     * again from {@code retryAt}. A finished delivery makes the webhook's oldest finished ones
     * beyond {@code keep} go.
     *
     * @param status delivered, failed or pending
     */
    @Override
    public void recordAttempt(long seq, int number, Instant at, Attempt attempt, String status, Instant retryAt,
            int keep) {
        db.transaction(c -> {
            Outbox.insertAttempt(c, seq, number, at, attempt, status);
            try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET status = ?, attempts = ?,"
                    + " next_attempt_at = ?, finished_at = ? WHERE seq = ?")) {
                s.setString(1, status);
                s.setInt(2, number);
                s.setLong(3, (retryAt == null ? at : retryAt).toEpochMilli());
                Sql.setInstant(s, 4, status.equals("pending") ? null : at);
                s.setLong(5, seq);
                s.executeUpdate();
            }
            if (status.equals("delivered")) {
                Outbox.hurryBacklog(c, seq, at);
            }
            if (!status.equals("pending")) {
                Outbox.prune(c, seq, keep);
            }
            return null;
        });
    }


    /** Marks a pending delivery failed without an attempt (it outlived the horizon before it could go). */
    @Override
    public void expire(long seq, Instant at, int keep) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET status = 'failed',"
                    + " finished_at = ? WHERE seq = ? AND status = 'pending'")) {
                s.setLong(1, at.toEpochMilli());
                s.setLong(2, seq);
                s.executeUpdate();
            }
            Outbox.prune(c, seq, keep);
            return null;
        });
    }


    /** Where a feed stands: the id of the last event turned into deliveries. */
    @Override
    public long cursor(String feed) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_id FROM notify_cursors WHERE name = ?")) {
                s.setString(1, feed);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * Moves a feed's cursor from {@code from} to {@code to} and puts the events in the outbox, in
     * one transaction; false (nothing written) when another sender moved the cursor first.
     */
    @Override
    public boolean advance(String feed, long from, long to, List<OutboundEvent> events, Instant now) {
        return db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE notify_cursors SET last_id = ? WHERE name = ?"
                    + " AND last_id = ?")) {
                s.setLong(1, to);
                s.setString(2, feed);
                s.setLong(3, from);
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            Outbox.enqueue(c, events, now);
            return true;
        });
    }
}
