package org.glassprobe.api.webhook;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
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
        Map<String, Object> body = view(created.webhook());
        body.put("secret", created.secret());
        ctx.status(201).json(body);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> list = new ArrayList<>();
        webhooks.list().forEach(w -> list.add(view(w)));
        ctx.json(Map.of("webhooks", list));
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
        List<Map<String, Object>> list = new ArrayList<>();
        webhooks.deliveries(id, limit).forEach(d -> list.add(view(d)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("webhook", id);
        body.put("deliveries", list);
        ctx.json(body);
    }

    static Map<String, Object> view(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("url", w.url());
        m.put("events", w.events());
        m.put("checks", w.checks());
        m.put("description", w.description());
        m.put("createdAt", w.createdAt().toString());
        return m;
    }

    static Map<String, Object> view(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.seq());
        m.put("messageId", d.messageId());
        m.put("type", d.eventType());
        m.put("check", d.check());
        m.put("createdAt", d.createdAt().toString());
        m.put("status", d.status());
        m.put("attempts", d.attempts());
        m.put("nextAttemptAt", d.status().equals("pending") ? d.nextAttemptAt().toString() : null);
        m.put("finishedAt", d.finishedAt() == null ? null : d.finishedAt().toString());
        m.put("test", d.test());
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (Delivery.AttemptRecord a : d.attemptLog()) {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("attempt", a.attempt());
            attempt.put("at", a.at().toString());
            attempt.put("durationMs", a.durationMs());
            attempt.put("status", a.status());
            attempt.put("outcome", a.outcome());
            attempt.put("error", a.error());
            attempts.add(attempt);
        }
        m.put("attemptLog", attempts);
        return m;
    }
}
