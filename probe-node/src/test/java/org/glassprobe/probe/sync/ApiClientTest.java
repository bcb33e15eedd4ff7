package org.glassprobe.probe.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.glassprobe.probe.ship.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against real HTTP servers on loopback standing in for API replicas. */
class ApiClientTest {
    private static final ApiClient.Options OPTIONS = new ApiClient.Options(Duration.ofSeconds(5),
            Duration.ofSeconds(2), 1 << 20);
    private final List<Replica> replicas = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(r -> r.server.stop(0));
    }

    @Test
    void a_batch_answer_counts_stored_duplicates_with_expired_and_unassigned_apart() throws Exception {
        Replica api = replica(200);
        api.answer = "{\"stored\":2,\"duplicates\":1,\"expired\":1,\"unassigned\":3}";
        ApiClient client = new ApiClient(List.of(api.url()), "token", OPTIONS);

        assertThat(client.send(List.of(result()))).isEqualTo(new Delivery.Accepted(2, 2, 3));
    }

    @Test
    void a_call_moves_to_the_next_address_when_one_cannot_be_reached_and_stays_there() throws Exception {
        Replica b = replica(200);
        HttpUrl closed = HttpUrl.parse("http://127.0.0.1:" + freePort());
        ApiClient client = new ApiClient(List.of(closed, b.url()), "token", OPTIONS);

        assertThat(client.send(List.of(result()))).isInstanceOf(Delivery.Accepted.class);
        assertThat(client.send(List.of(result()))).isInstanceOf(Delivery.Accepted.class);

        assertThat(b.calls).hasValue(2);
        assertThat(client.base()).isEqualTo(b.url());
    }

    @Test
    void an_address_that_says_it_is_unavailable_hands_the_call_to_the_next_and_back_when_that_one_fails()
            throws Exception {
        Replica a = replica(503);
        Replica b = replica(200);
        ApiClient client = new ApiClient(List.of(a.url(), b.url()), "token", OPTIONS);

        assertThat(client.heartbeat(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()))
                .isNotNull();
        assertThat(a.calls).hasValue(1);
        assertThat(b.calls).hasValue(1);

        a.status = 200;
        b.status = 502;
        assertThat(client.send(List.of(result()))).isInstanceOf(Delivery.Accepted.class);
        assertThat(b.calls).hasValue(2);
        assertThat(a.calls).hasValue(2);
        assertThat(client.base()).isEqualTo(a.url());
    }

    @Test
    void when_every_address_fails_the_last_answer_is_what_the_call_gets() throws Exception {
        Replica a = replica(503);
        Replica b = replica(503);
        ApiClient client = new ApiClient(List.of(a.url(), b.url()), "token", OPTIONS);

        assertThat(client.send(List.of(result()))).isInstanceOf(Delivery.Transient.class);
        assertThatThrownBy(() -> client.checks(null)).isInstanceOf(ApiException.class)
                .hasMessageContaining("HTTP 503");
        HttpUrl closed1 = HttpUrl.parse("http://127.0.0.1:" + freePort());
        HttpUrl closed2 = HttpUrl.parse("http://127.0.0.1:" + freePort());
        ApiClient none = new ApiClient(List.of(closed1, closed2), "token", OPTIONS);
        assertThat(none.send(List.of(result()))).isInstanceOfSatisfying(Delivery.Transient.class,
                t -> assertThat(t.reason()).contains(closed1.toString()).contains(closed2.toString()));
    }

    @Test
    void several_addresses_are_written_comma_separated_and_a_bad_one_is_named() {
        assertThat(ApiClient.urls("http://a:8080, http://b:8080")).containsExactly(HttpUrl.parse("http://a:8080"),
                HttpUrl.parse("http://b:8080"));
        assertThat(ApiClient.urlsProblem("http://a:8080,b:8080")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("has an address (number 2, \"b:8080\") that is not an http or https URL"));
        assertThat(ApiClient.urlsProblem("http://a:8080,")).isPresent();
        assertThat(ApiClient.urlsProblem("localhost:8080")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("is not an http or https URL"));
    }

    private static byte[] result() {
        return "{\"id\":\"r1\"}".getBytes(StandardCharsets.UTF_8);
    }

    private Replica replica(int status) throws IOException {
        Replica r = new Replica(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8));
        r.status = status;
        r.server.createContext("/", exchange -> {
            r.calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = (r.status != 200 ? "{\"error\":\"unavailable\"}" : r.answer != null ? r.answer
                    : "{\"stored\":1,\"status\":\"ok\",\"region\":\"eu\",\"checks\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        r.server.start();
        replicas.add(r);
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static final class Replica {
        final HttpServer server;
        final AtomicInteger calls = new AtomicInteger();
        volatile int status;
        volatile String answer;

        Replica(HttpServer server) {
            this.server = server;
        }

        HttpUrl url() {
            return HttpUrl.parse("http://127.0.0.1:" + server.getAddress().getPort());
        }
    }
}
