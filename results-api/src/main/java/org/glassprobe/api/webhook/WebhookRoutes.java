package org.glassprobe.api.webhook;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/**
 * Webhooks (admin): {@code POST/GET /api/v1/webhooks}, {@code GET/DELETE /api/v1/webhooks/{id}},
 * {@code POST /api/v1/webhooks/{id}/test} and {@code GET /api/v1/webhooks/{id}/deliveries}.
 */
public final class WebhookRoutes implements RouteGroup {
    private static final int MAX_DELIVERIES = 1000;

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
                .answers(200, WebhookList.class, "the webhooks");
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
                .query("limit", "integer", "1 to " + MAX_DELIVERIES + ", default 100")
                .answers(200, DeliveryList.class, "the deliveries with their attempts")
                .fails(400, "a bad limit").fails(404, "no webhook of that id");
    }

    /** A subscription as the admin sends it (read field by field by {@link WebhookService}). */
    record Subscription(String url, List<String> events, List<String> checks, String secret, String description,
            String kind) {}

    /** The optional body of a test: which event type to sample. */
    record TestRequest(String type) {}

    private void create(Context ctx) {
        WebhookService.Created created = webhooks.create(Bodies.read(ctx, maxBodyBytes, "the webhook"));
        Webhook w = created.webhook();
        ctx.status(201).json(new CreatedView(w.id(), w.url(), w.events(), w.checks(), w.description(), w.createdAt(),
                created.secret()));
    }

    private void list(Context ctx) {
        ctx.json(new WebhookList(webhooks.list().stream().map(WebhookRoutes::view).toList()));
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
        int limit = 100;
        String text = ctx.queryParam("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_DELIVERIES) {
                throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_DELIVERIES + "; found '"
                        + text + "'");
            }
        }
        ctx.json(new DeliveryList(id, webhooks.deliveries(id, limit).stream().map(WebhookRoutes::view).toList()));
    }

    /** A webhook as the admin sees it: never its secret. */
    record WebhookView(String id, String url, List<String> events, List<String> checks, String description,
            Instant createdAt) {}

    /** A webhook just created: the one answer that shows its secret. */
    record CreatedView(String id, String url, List<String> events, List<String> checks, String description,
            Instant createdAt, String secret) {}

    record WebhookList(List<WebhookView> webhooks) {}

    record DeliveryList(String webhook, List<DeliveryView> deliveries) {}

    /** A delivery; {@code nextAttemptAt} only while it is pending. */
    record DeliveryView(long id, String messageId, String type, String check, Instant createdAt, String status,
            int attempts, Instant nextAttemptAt, Instant finishedAt, boolean test, List<AttemptView> attemptLog) {}

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
