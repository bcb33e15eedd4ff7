package org.glassprobe.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassprobe.api.TestApi;

/**
 * A chat service's or PagerDuty's endpoint on a real loopback socket, as far as a notifier can tell:
 * it keeps every request and answers with the status and body the test scripts (then its usual
 * answer), as the vendor documents them.
 */
public final class KindReceiver implements AutoCloseable {
    /** One request as received, and what it was answered. */
    public record Received(String path, String contentType, String body, int status) {
        public JsonNode json() {
            try {
                return TestApi.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** An answer: a status and a body (none when empty). */
    public record Answer(int status, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer usual;

    public KindReceiver(Answer usual) throws IOException {
        this.usual = usual;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer a = script.poll();
            if (a == null) {
                a = this.usual;
            }
            received.add(new Received(exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, a.status()));
            byte[] reply = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        server.start();
    }

    /** This receiver's address with the given path (a chat webhook's secret part). */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests are answered so, one each, before the usual answer again. */
    public void then(Answer... answers) {
        script.addAll(List.of(answers));
    }

    public void usually(Answer answer) {
        this.usual = answer;
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
