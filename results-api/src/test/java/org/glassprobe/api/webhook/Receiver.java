package org.glassprobe.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.glassprobe.api.TestApi;

/**
 * A webhook receiver on a real loopback socket, as a subscriber runs one: it verifies every
 * request's Standard Webhooks signature with its own HMAC code (not glassprobe's), keeps what it
 * received, and answers with the status the test sets.
 */
public final class Receiver implements AutoCloseable {
    /** One request as received. */
    public record Received(String id, long timestamp, String signature, String body, boolean verified, int status) {
        public JsonNode json() {
            try {
                return TestApi.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        public String type() {
            return json().get("type").asText();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private volatile String secret;

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = exchange.getRequestHeaders().getFirst("webhook-signature");
            String text = new String(body, StandardCharsets.UTF_8);
            int status = answer.get();
            received.add(new Received(id, ts == null ? -1 : Long.parseLong(ts), sig, text,
                    verify(secret, id, ts, text, sig), status));
            byte[] reply = ("status " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    /** Checks a signature the way a receiver's own code would: HMAC-SHA256 of id.timestamp.body with the key after whsec_. */
    static boolean verify(String secret, String id, String timestamp, String body, String header) {
        if (secret == null || id == null || timestamp == null || header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(candidate.substring(3)
                        .getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void secret(String s) {
        this.secret = s;
    }

    public void answer(int status) {
        answer.set(status);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** What was answered with 2xx, in order. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
