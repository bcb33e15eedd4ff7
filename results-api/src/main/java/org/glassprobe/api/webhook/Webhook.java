package org.glassprobe.api.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A subscription: where events go, which types, for which checks.
 *
 * @param kind     the notifier that delivers it ({@code webhook}, {@code slack}...)
 * @param url      where it goes as the admin may see it (no secret in it: a chat webhook's URL is masked)
 * @param checks   only the events of these checks (null: every check)
 * @param settings what the notifier needs that is not secret, a JSON object
 * @param labels   only the events of checks that carry every one of these labels (null: any check)
 */
public record Webhook(String id, String kind, String url, List<String> events, List<String> checks,
        String description, Instant createdAt, String settings, Map<String, String> labels) {
    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        events = List.copyOf(events);
        checks = checks == null ? null : List.copyOf(checks);
        Objects.requireNonNull(createdAt, "createdAt");
        settings = settings == null ? "{}" : settings;
        labels = labels == null ? null : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** A subscription with no settings of its kind and no label filter. */
    public Webhook(String id, String kind, String url, List<String> events, List<String> checks, String description,
            Instant createdAt) {
        this(id, kind, url, events, checks, description, createdAt, "{}", null);
    }
}
