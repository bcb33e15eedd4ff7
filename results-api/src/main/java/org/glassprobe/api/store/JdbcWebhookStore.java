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
import org.glassprobe.api.webhook.WebhookStore;

/** The webhooks: the subscriptions, their secrets, and each one's deliveries as its log shows them. */
public final class JdbcWebhookStore implements WebhookStore {
    private static final String WEBHOOK_COLUMNS = "id, kind, url, event_types, checks, description, created_at,"
            + " settings, labels";
    private static final String DELIVERY_COLUMNS = "seq, webhook_id, message_id, event_type, check_name, created_at,"
            + " status, attempts, next_attempt_at, finished_at, test";

    private final Database db;

    public JdbcWebhookStore(Database db) {
        this.db = db;
    }

    /** Stores a new webhook unless there are {@code max} already. */
    @Override
    public boolean create(Webhook w, String secret, int max) {
        return db.journaled(new JournalOp.CreateWebhook(w, secret, max), c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM webhooks")) {
                r.next();
                if (r.getLong(1) >= max) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks (" + WEBHOOK_COLUMNS
                    + ", secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, w.id());
                s.setString(2, w.kind());
                s.setString(3, w.url());
                s.setString(4, String.join(",", w.events()));
                Sql.setString(s, 5, w.checks() == null ? null : String.join("\n", w.checks()));
                Sql.setString(s, 6, w.description());
                s.setLong(7, w.createdAt().toEpochMilli());
                s.setString(8, w.settings());
                Sql.setString(s, 9, Labels.write(w.labels()));
                s.setString(10, secret);
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
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

    @Override
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
    @Override
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
                Instant.ofEpochMilli(r.getLong("created_at")), r.getString("settings"), Labels.read(r.getString("labels")));
    }

    /** Deletes the webhook with its deliveries and their attempts. */
    @Override
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


    /** A test message sent outside the outbox, recorded as a finished delivery with its one attempt. */
    @Override
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
            Outbox.insertAttempt(c, seq, 1, at, attempt, status);
            if (status.equals("delivered")) {
                Outbox.hurryBacklog(c, seq, at);
            }
            Outbox.prune(c, seq, keep);
            return seq;
        });
    }

    /** The webhook's deliveries, newest first, each with its attempts. */
    @Override
    public List<Delivery> deliveries(String webhookId, Long beforeSeq, int limit) {
        return db.read(c -> {
            Map<Long, Delivery> deliveries = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
                    + " WHERE webhook_id = ? AND seq < ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                s.setString(1, webhookId);
                s.setLong(2, beforeSeq == null ? Long.MAX_VALUE : beforeSeq);
                s.setInt(3, limit);
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

}
