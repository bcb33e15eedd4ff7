package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmarks' webhook receiver on loopback: glassprobe's signed webhooks on {@code /hook}, each
 * verified as Standard Webhooks says (HMAC-SHA256 of {@code id.timestamp.body} keyed with the bytes
 * after {@code whsec_}), and Alertmanager's unsigned ones on {@code /alertmanager}; each kept with its
 * arrival time. A glassprobe webhook that is unsigned or wrongly signed is kept as rejected: the
 * benchmark counts it as its own failure, never as a detection.
 */
final class SignedHooks implements AutoCloseable {
    /** How far a webhook-timestamp may be from the receiver's clock (Standard Webhooks' tolerance). */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A glassprobe webhook: its message id, event type, check (or probe) and whether its signature held. */
    record Hook(Instant at, String id, String type, String check, String probe, boolean verified, String why) {}

    /** An Alertmanager notification: its status (firing, resolved) and the alert names in it. */
    record Alert(Instant at, String status, List<String> names) {}

    private final HttpServer server;
    private final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private volatile byte[] key;

    SignedHooks() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::hook);
        server.createContext("/alertmanager", this::alertmanager);
        server.start();
    }

    String hookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    String alertmanagerUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alertmanager";
    }

    /** The subscription's secret, as POST /api/v1/webhooks answered it ({@code whsec_} + base64). */
    void secret(String secret) {
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalStateException("the webhook's secret is not whsec_…: " + secret);
        }
        key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    private void hook(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        String why = verify(id, timestamp, signature, body, at);
        JsonNode json = JSON.readTree(body);
        JsonNode data = json.path("data");
        hooks.add(new Hook(at, id, json.path("type").asText(), data.path("check").asText(null),
                data.path("probe").asText(null), why == null, why));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** Null when the signature holds, else why not. */
    private String verify(String id, String timestamp, String signature, String body, Instant at) {
        if (id == null || timestamp == null || signature == null) {
            return "unsigned: webhook-id " + id + ", webhook-timestamp " + timestamp + ", webhook-signature "
                    + signature;
        }
        if (key == null) {
            return "arrived before the bench knew the secret";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "webhook-timestamp " + timestamp + " is not Unix seconds";
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), at).abs().compareTo(TOLERANCE) > 0) {
            return "webhook-timestamp " + timestamp + " is over " + TOLERANCE.toMinutes() + " min from now";
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = Base64.getEncoder().encode(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA256 in this JVM", e);
        }
        for (String candidate : signature.split(" ")) {
            if (candidate.startsWith("v1,") && MessageDigest.isEqual(
                    candidate.substring(3).getBytes(StandardCharsets.UTF_8), expected)) {
                return null;
            }
        }
        return "webhook-signature " + signature + " does not match the secret";
    }

    private void alertmanager(HttpExchange exchange) throws IOException {
        Instant at = Instant.now();
        JsonNode json = JSON.readTree(exchange.getRequestBody().readAllBytes());
        List<String> names = new ArrayList<>();
        json.path("alerts").forEach(a -> names.add(a.path("labels").path("alertname").asText()));
        alerts.add(new Alert(at, json.path("status").asText(), names));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** The first verified glassprobe webhook at or after {@code after} that is wanted, once it arrives. */
    Instant awaitHook(Predicate<Hook> wanted, Instant after, Duration limit) throws InterruptedException {
        return await(hooks, h -> h.verified() && !h.at().isBefore(after) && wanted.test(h), limit).at();
    }

    /** The first Alertmanager notification of this status at or after {@code after}, once it arrives. */
    Instant awaitAlert(String status, String alertName, Instant after, Duration limit) throws InterruptedException {
        return await(alerts, a -> !a.at().isBefore(after) && a.status().equals(status)
                && a.names().contains(alertName), limit).at();
    }

    private <T> T await(List<T> arrived, Predicate<T> wanted, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = arrived.stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no such webhook within " + limit.toSeconds() + " s; received: " + hooks
                + "; from Alertmanager: " + alerts);
    }

    /** The glassprobe webhooks whose signature did not hold (or that had none). */
    List<Hook> rejected() {
        return hooks.stream().filter(h -> !h.verified()).toList();
    }

    int verifiedCount() {
        return (int) hooks.stream().filter(Hook::verified).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
