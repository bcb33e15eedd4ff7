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

/**
 * Webhooks and their deliveries: the subscriptions, the outbox's pending deliveries (the oldest of
 * each webhook first), each attempt, the lease that lets one sender at a time deliver a webhook's
 * messages, and the cursor of the probe-event feed.
 */
public final class WebhookStore {
    private static final String WEBHOOK_COLUMNS = "id, kind, url, event_types, checks, description, created_at";
    private static final String DELIVERY_COLUMNS = "seq, webhook_id, message_id, event_type, check_name, created_at,"
            + " status, attempts, next_attempt_at, finished_at, test";

    private final Database db;

    public WebhookStore(Database db) {
        this.db = db;
    }

    /** Stores a new webhook unless there are {@code max} already. */
    public boolean create(Webhook w, String secret, int max) {
        return db.journaled(new JournalOp.CreateWebhook(w, secret, max), c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM webhooks")) {
                r.next();
                if (r.getLong(1) >= max) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks (" + WEBHOOK_COLUMNS
                    + ", secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, w.id());
                s.setString(2, w.kind());
                s.setString(3, w.url());
                s.setString(4, String.join(",", w.events()));
                Sql.setString(s, 5, w.checks() == null ? null : String.join("\n", w.checks()));
                Sql.setString(s, 6, w.description());
                s.setLong(7, w.createdAt().toEpochMilli());
                s.setString(8, secret);
                s.executeUpdate();
            }
            return true;
        });
    }

    public List<Webhook> list() {
        return db.read(c -> {
            List<Webhook> hooks = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + WEBHOOK_COLUMNS
                    + " FROM webhooks ORDER BY created_at, id")) {
                while (r.next()) {
                    hooks.add(webhook(r));
                }
            }
            return hooks;
        });
    }

    public Optional<Webhook> find(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(webhook(r)) : Optional.<Webhook>empty();
                }
            }
        });
    }

    /** The webhook's secret (for a test delivery). */
    public Optional<String> secret(String id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT secret FROM webhooks WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private static Webhook webhook(ResultSet r) throws SQLException {
        String checks = r.getString("checks");
        return new Webhook(r.getString("id"), r.getString("kind"), r.getString("url"),
                Arrays.asList(r.getString("event_types").split(",")),
                checks == null ? null : Arrays.asList(checks.split("\n")), r.getString("description"),
                Instant.ofEpochMilli(r.getLong("created_at")));
    }

    /** Deletes the webhook with its deliveries and their attempts. */
    public boolean delete(String id) {
        return db.journaled(new JournalOp.DeleteWebhook(id), c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM webhook_attempts WHERE delivery_seq IN"
                    + " (SELECT seq FROM webhook_deliveries WHERE webhook_id = ?)")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM webhook_deliveries WHERE webhook_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM webhooks WHERE id = ?")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    /**
     * A pending delivery that no older pending delivery of the same webhook and sequence (incident,
     * probe) is waiting before: the ones that may go.
     */
    private static final String FIRST_OF_ITS_SEQUENCE = "d.status = 'pending' AND NOT EXISTS (SELECT 1 FROM"
            + " webhook_deliveries x WHERE x.webhook_id = d.webhook_id AND x.status = 'pending'"
            + " AND COALESCE(x.order_key, '') = COALESCE(d.order_key, '') AND x.seq < d.seq)";

    /** For each webhook with pending deliveries, when the first of them that may go is due. */
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
    public Optional<Pending> head(String webhookId, Instant now) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT d.seq, d.webhook_id, w.kind, w.url, w.secret,"
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
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                            Instant.ofEpochMilli(r.getLong(9)), r.getInt(10), Instant.ofEpochMilli(r.getLong(11))));
                }
            }
        });
    }

    /**
     * Takes (or renews) the lease to send the webhook's deliveries until {@code until}; false when
     * another sender holds it.
     */
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
    public void recordAttempt(long seq, int number, Instant at, Attempt attempt, String status, Instant retryAt,
            int keep) {
        db.transaction(c -> {
            insertAttempt(c, seq, number, at, attempt, status);
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
                hurryBacklog(c, seq, at);
            }
            if (!status.equals("pending")) {
                prune(c, seq, keep);
            }
            return null;
        });
    }

    /** The receiver answers again: its other pending deliveries are due now, not at the end of their backoff. */
    private static void hurryBacklog(Connection c, long deliveredSeq, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET next_attempt_at = ?"
                + " WHERE webhook_id = (SELECT webhook_id FROM webhook_deliveries WHERE seq = ?)"
                + " AND status = 'pending' AND next_attempt_at > ?")) {
            s.setLong(1, now.toEpochMilli());
            s.setLong(2, deliveredSeq);
            s.setLong(3, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    /** Marks a pending delivery failed without an attempt (it outlived the horizon before it could go). */
    public void expire(long seq, Instant at, int keep) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE webhook_deliveries SET status = 'failed',"
                    + " finished_at = ? WHERE seq = ? AND status = 'pending'")) {
                s.setLong(1, at.toEpochMilli());
                s.setLong(2, seq);
                s.executeUpdate();
            }
            prune(c, seq, keep);
            return null;
        });
    }

    private static void insertAttempt(Connection c, long seq, int number, Instant at, Attempt attempt, String status)
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

    private static void prune(Connection c, long seq, int keep) throws SQLException {
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

    /** A test message sent outside the outbox, recorded as a finished delivery with its one attempt. */
    public long recordTest(String webhookId, String messageId, String eventType, String payload, Instant at,
            Attempt attempt, int keep) {
        return db.transaction(c -> {
            long seq;
            String status = attempt instanceof Attempt.Delivered ? "delivered" : "failed";
            try (PreparedStatement s = c.prepareStatement("INSERT INTO webhook_deliveries (webhook_id, message_id,"
                    + " event_type, check_name, payload, created_at, status, attempts, next_attempt_at, finished_at, test)"
                    + " VALUES (?, ?, ?, NULL, ?, ?, ?, 1, ?, ?, TRUE)", new String[] {"seq"})) {
                s.setString(1, webhookId);
                s.setString(2, messageId);
                s.setString(3, eventType);
                s.setString(4, payload);
                s.setLong(5, at.toEpochMilli());
                s.setString(6, status);
                s.setLong(7, at.toEpochMilli());
                s.setLong(8, at.toEpochMilli());
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    seq = keys.getLong(1);
                }
            }
            insertAttempt(c, seq, 1, at, attempt, status);
            if (status.equals("delivered")) {
                hurryBacklog(c, seq, at);
            }
            prune(c, seq, keep);
            return seq;
        });
    }

    /** The webhook's deliveries, newest first, each with its attempts. */
    public List<Delivery> deliveries(String webhookId, int limit) {
        return db.read(c -> {
            Map<Long, Delivery> deliveries = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
                    + " WHERE webhook_id = ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                s.setString(1, webhookId);
                s.setInt(2, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        deliveries.put(r.getLong("seq"), new Delivery(r.getLong("seq"), r.getString("webhook_id"),
                                r.getString("message_id"), r.getString("event_type"), r.getString("check_name"),
                                Instant.ofEpochMilli(r.getLong("created_at")), r.getString("status"),
                                r.getInt("attempts"), Instant.ofEpochMilli(r.getLong("next_attempt_at")),
                                Sql.getInstant(r, "finished_at"), r.getBoolean("test"), List.of()));
                    }
                }
            }
            if (deliveries.isEmpty()) {
                return List.<Delivery>of();
            }
            Map<Long, List<Delivery.AttemptRecord>> attempts = new LinkedHashMap<>();
            List<Long> seqs = new ArrayList<>(deliveries.keySet());
            try (PreparedStatement s = c.prepareStatement("SELECT delivery_seq, attempt, attempted_at, duration_ms,"
                    + " http_status, outcome, error FROM webhook_attempts WHERE delivery_seq IN ("
                    + Sql.placeholders(seqs.size()) + ") ORDER BY delivery_seq, attempt")) {
                for (int i = 0; i < seqs.size(); i++) {
                    s.setLong(i + 1, seqs.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        attempts.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(new Delivery.AttemptRecord(
                                r.getInt(2), Instant.ofEpochMilli(r.getLong(3)), r.getDouble(4),
                                Sql.getInt(r, "http_status"), r.getString(6), r.getString(7)));
                    }
                }
            }
            List<Delivery> result = new ArrayList<>();
            for (Delivery d : deliveries.values()) {
                result.add(new Delivery(d.seq(), d.webhook(), d.messageId(), d.eventType(), d.check(), d.createdAt(),
                        d.status(), d.attempts(), d.nextAttemptAt(), d.finishedAt(), d.test(),
                        attempts.getOrDefault(d.seq(), List.of())));
            }
            return result;
        });
    }

    /** Where a feed stands: the id of the last event turned into deliveries. */
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
