package org.glassprobe.api.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A subscription: where events go, which types, for which checks (null: every check).
 *
 * @param kind the notifier that delivers it ({@code webhook})
 */
public record Webhook(String id, String kind, String url, List<String> events, List<String> checks,
        String description, Instant createdAt) {
    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        events = List.copyOf(events);
        checks = checks == null ? null : List.copyOf(checks);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
