package org.glassprobe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A subscriber's webhook receiver on a real loopback socket: verifies each Standard Webhooks
 * signature with its own HMAC code, keeps what arrived with when, and answers with the status the
 * test sets (a receiver that is "down" answers 503).
 */
final class HookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Hook(String id, String type, JsonNode data, boolean verified, int status, Instant arrived) {}

    private final HttpServer server;
    private final List<Hook> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private volatile String secret;

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            Instant arrived = Instant.now();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
            int status = answer.get();
            JsonNode json = JSON.readTree(body);
            received.add(new Hook(id, json.path("type").asText(), json.path("data"), verify(id, ts, body, sig), status,
                    arrived));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    private boolean verify(String id, String timestamp, String body, String header) {
        if (secret == null || id == null || timestamp == null || header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(candidate.substring(3)
                        .getBytes(StandardCharsets.UTF_8), expected)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void secret(String s) {
        secret = s;
    }

    void answer(int status) {
        answer.set(status);
    }

    /** What was accepted (answered 2xx), in order of arrival. */
    List<Hook> accepted() {
        return received.stream().filter(h -> h.status() / 100 == 2).toList();
    }

    List<Hook> accepted(String type) {
        return accepted().stream().filter(h -> h.type().equals(type)).toList();
    }

    List<Hook> all() {
        return new ArrayList<>(received);
    }

    void clear() {
        received.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
