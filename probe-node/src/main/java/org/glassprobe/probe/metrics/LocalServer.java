package org.glassprobe.probe.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The probe's own small HTTP server, for the machine it runs on: {@code /metrics} (Prometheus
 * text) and {@code /healthz} (200 with a JSON summary while the agent runs).
 */
public final class LocalServer implements AutoCloseable {
    private final HttpServer server;

    private LocalServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param health the JSON body of /healthz
     */
    public static LocalServer start(InetSocketAddress address, ProbeMetrics metrics, Supplier<String> health)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "glassprobe-local-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.write(body);
            respond(exchange, 200, metrics.contentType(), body.toByteArray());
        });
        server.createContext("/healthz", exchange ->
                respond(exchange, 200, "application/json", health.get().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8",
                "not found; this probe serves /metrics and /healthz\n".getBytes(StandardCharsets.UTF_8)));
        server.start();
        return new LocalServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                byte[] refusal = "only GET\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(405, refusal.length);
                exchange.getResponseBody().write(refusal);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
