package org.glassprobe.api.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.annotation.Nullable;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.http.Paging;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/**
 * Webhooks (admin): {@code POST/GET /api/v1/webhooks}, {@code GET/DELETE /api/v1/webhooks/{id}},
 * {@code POST /api/v1/webhooks/{id}/test} and {@code GET /api/v1/webhooks/{id}/deliveries}.
 */
public final class WebhookRoutes implements RouteGroup {
    private static final int MAX_DELIVERIES = 1000;
    private static final ObjectMapper SETTINGS = new ObjectMapper();

    private final WebhookService webhooks;
    private final long maxBodyBytes;

    public WebhookRoutes(WebhookService webhooks, long maxBodyBytes) {
        this.webhooks = webhooks;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/webhooks", this::create, Role.ADMIN);
        routes.get("/api/v1/webhooks", this::list, Role.ADMIN);
        routes.get("/api/v1/webhooks/{id}", ctx -> ctx.json(view(webhooks.find(ctx.pathParam("id")))), Role.ADMIN);
        routes.delete("/api/v1/webhooks/{id}", this::delete, Role.ADMIN);
        routes.post("/api/v1/webhooks/{id}/test", this::test, Role.ADMIN);
        routes.get("/api/v1/webhooks/{id}/deliveries", this::deliveries, Role.ADMIN);
    }

    @Override
    public void describe(ApiDescription api) {
        api.post("/api/v1/webhooks", Role.ADMIN, "Subscribe a URL to events (Standard Webhooks, signed)")
                .takes(Subscription.class, "url and events are needed; unknown fields are refused")
                .answers(201, CreatedView.class, "subscribed; the secret is shown only here")
                .fails(400, "a bad field, named with what is allowed; nothing stored")
                .fails(409, "webhooks.max-webhooks reached");
        api.get("/api/v1/webhooks", Role.ADMIN, "Every webhook, without secrets")
                .paged(Paging.DEFAULT_LIMIT, Paging.MAX_LIMIT)
                .answers(200, WebhookList.class, "the webhooks, oldest first");
        api.get("/api/v1/webhooks/{id}", Role.ADMIN, "One webhook, without its secret")
                .path("id", "the webhook's id (wh_…)")
                .answers(200, WebhookView.class, "the webhook").fails(404, "no webhook of that id");
        api.delete("/api/v1/webhooks/{id}", Role.ADMIN, "Delete a webhook with its deliveries")
                .path("id", "the webhook's id (wh_…)")
                .empty(204, "deleted").fails(404, "no webhook of that id");
        api.post("/api/v1/webhooks/{id}/test", Role.ADMIN, "Send a signed sample event now")
                .path("id", "the webhook's id (wh_…)")
                .takes(TestRequest.class, "optional: the event type to sample")
                .answers(200, DeliveryView.class, "the delivery, with its one attempt")
                .fails(400, "an unknown event type").fails(404, "no webhook of that id");
        api.get("/api/v1/webhooks/{id}/deliveries", Role.ADMIN, "A webhook's latest deliveries, newest first")
                .path("id", "the webhook's id (wh_…)")
                .paged(Paging.DEFAULT_LIMIT, MAX_DELIVERIES)
                .answers(200, DeliveryList.class, "the deliveries with their attempts")
                .fails(404, "no webhook of that id");
    }

    /** A subscription as the admin sends it (read field by field by {@link WebhookService}). */
    record Subscription(String kind, String url, List<String> events, List<String> checks, Map<String, String> labels,
            String secret, String description) {}

    /** The optional body of a test: which event type to sample. */
    record TestRequest(String type) {}

    private void create(Context ctx) {
        WebhookService.Created created = webhooks.create(Bodies.read(ctx, maxBodyBytes, "the webhook"));
        Webhook w = created.webhook();
        ctx.status(201).json(new CreatedView(w.id(), w.kind(), w.url(), settings(w), w.events(), w.checks(),
                w.labels(), w.description(), w.createdAt(), created.secret()));
    }

    private void list(Context ctx) {
        // at most webhooks.max-webhooks: a page is a slice of the whole list, oldest first
        Paging.Page<WebhookView> page = Paging.slice(webhooks.list().stream().map(WebhookRoutes::view).toList(),
                Paging.read(ctx, "webhooks"), "webhooks",
                w -> Paging.sortable(w.createdAt().toEpochMilli()) + ":" + w.id(), false);
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

    /** A subscription as the admin sees it: never its secret (a chat webhook's URL is masked). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WebhookView(String id, String kind, String url, Map<String, Object> settings, List<String> events,
            @Nullable List<String> checks, @Nullable Map<String, String> labels, @Nullable String description,
            Instant createdAt) {}

    /**
     * A subscription just created: the one answer that shows a signing secret the API made (null for
     * the kinds whose secret the admin gave: it is never shown back).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CreatedView(String id, String kind, String url, Map<String, Object> settings, List<String> events,
            @Nullable List<String> checks, @Nullable Map<String, String> labels, @Nullable String description,
            Instant createdAt, @Nullable String secret) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WebhookList(List<WebhookView> webhooks, @Nullable String nextCursor) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeliveryList(String webhook, List<DeliveryView> deliveries, @Nullable String nextCursor) {}

    /** A delivery; {@code nextAttemptAt} only while it is pending. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeliveryView(long id, String messageId, String type, @Nullable String check, Instant createdAt,
            String status, int attempts, @Nullable Instant nextAttemptAt, @Nullable Instant finishedAt, boolean test,
            List<AttemptView> attemptLog) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AttemptView(int attempt, Instant at, double durationMs, @Nullable Integer status, String outcome,
            @Nullable String error) {}

    static WebhookView view(Webhook w) {
        return new WebhookView(w.id(), w.kind(), w.url(), settings(w), w.events(), w.checks(), w.labels(),
                w.description(), w.createdAt());
    }

    private static Map<String, Object> settings(Webhook w) {
        try {
            return SETTINGS.readValue(w.settings(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("subscription " + w.id() + " has settings that are not a JSON object", e);
        }
    }

    static DeliveryView view(Delivery d) {
        return new DeliveryView(d.seq(), d.messageId(), d.eventType(), d.check(), d.createdAt(), d.status(),
                d.attempts(), d.status().equals("pending") ? d.nextAttemptAt() : null, d.finishedAt(), d.test(),
                d.attemptLog().stream().map(a -> new AttemptView(a.attempt(), a.at(), a.durationMs(), a.status(),
                        a.outcome(), a.error())).toList());
    }
}
