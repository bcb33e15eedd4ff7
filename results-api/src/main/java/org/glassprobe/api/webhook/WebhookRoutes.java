package org.glassprobe.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.http.Paging;
import org.glassprobe.api.notify.Delivery;

/**
 * Webhooks (admin): {@code POST/GET /api/v1/webhooks}, {@code GET/DELETE /api/v1/webhooks/{id}},
 * {@code POST /api/v1/webhooks/{id}/test} and {@code GET /api/v1/webhooks/{id}/deliveries}.
 */
public final class WebhookRoutes {
    private static final int MAX_DELIVERIES = 1000;

    private final WebhookService webhooks;
    private final long maxBodyBytes;

    public WebhookRoutes(WebhookService webhooks, long maxBodyBytes) {
        this.webhooks = webhooks;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/webhooks", this::create, Role.ADMIN);
        routes.get("/api/v1/webhooks", this::list, Role.ADMIN);
        routes.get("/api/v1/webhooks/{id}", ctx -> ctx.json(view(webhooks.find(ctx.pathParam("id")))), Role.ADMIN);
        routes.delete("/api/v1/webhooks/{id}", this::delete, Role.ADMIN);
        routes.post("/api/v1/webhooks/{id}/test", this::test, Role.ADMIN);
        routes.get("/api/v1/webhooks/{id}/deliveries", this::deliveries, Role.ADMIN);
    }

    private void create(Context ctx) {
        WebhookService.Created created = webhooks.create(Bodies.read(ctx, maxBodyBytes, "the webhook"));
        Webhook w = created.webhook();
        ctx.status(201).json(new CreatedView(w.id(), w.url(), w.events(), w.checks(), w.description(), w.createdAt(),
                created.secret()));
    }

    private void list(Context ctx) {
        // at most webhooks.max-webhooks: a page is a slice of the whole list, oldest first
        Paging.Page<WebhookView> page = Paging.slice(webhooks.list().stream().map(WebhookRoutes::view).toList(),
                Paging.read(ctx, "webhooks"), "webhooks", w -> Paging.sortable(w.createdAt().toEpochMilli()) + ":" + w.id(), false);
        ctx.json(new WebhookList(page.items(), page.nextCursor()));
    }

    private void delete(Context ctx) {
        webhooks.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    private void test(Context ctx) {
        Delivery d = webhooks.test(ctx.pathParam("id"), Bodies.read(ctx, maxBodyBytes, "the test request"));
        ctx.json(view(d));
    }

    private void deliveries(Context ctx) {
        String id = ctx.pathParam("id");
        Paging.Request asked = Paging.read(ctx, "deliveries", Paging.DEFAULT_LIMIT, MAX_DELIVERIES);
        Long before = asked.after() == null ? null : Paging.number(asked.after());
        Paging.Page<Delivery> page = Paging.of(webhooks.deliveries(id, before, asked.limit() + 1), asked.limit(), "deliveries",
                d -> Long.toString(d.seq()));
        ctx.json(new DeliveryList(id, page.items().stream().map(WebhookRoutes::view).toList(), page.nextCursor()));
    }

    /** A webhook as the admin sees it: never its secret. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WebhookView(String id, String url, List<String> events, List<String> checks, String description,
            Instant createdAt) {}

    /** A webhook just created: the one answer that shows its secret. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CreatedView(String id, String url, List<String> events, List<String> checks, String description,
            Instant createdAt, String secret) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WebhookList(List<WebhookView> webhooks, String nextCursor) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeliveryList(String webhook, List<DeliveryView> deliveries, String nextCursor) {}

    /** A delivery; {@code nextAttemptAt} only while it is pending. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeliveryView(long id, String messageId, String type, String check, Instant createdAt, String status,
            int attempts, Instant nextAttemptAt, Instant finishedAt, boolean test, List<AttemptView> attemptLog) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AttemptView(int attempt, Instant at, double durationMs, Integer status, String outcome, String error) {}

    static WebhookView view(Webhook w) {
        return new WebhookView(w.id(), w.url(), w.events(), w.checks(), w.description(), w.createdAt());
    }

    static DeliveryView view(Delivery d) {
        return new DeliveryView(d.seq(), d.messageId(), d.eventType(), d.check(), d.createdAt(), d.status(),
                d.attempts(), d.status().equals("pending") ? d.nextAttemptAt() : null, d.finishedAt(), d.test(),
                d.attemptLog().stream().map(a -> new AttemptView(a.attempt(), a.at(), a.durationMs(), a.status(),
                        a.outcome(), a.error())).toList());
    }
}
