package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassprobe.api.webhook.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor does not page about its own trouble, with the API's jar as a real process and probes
 * heartbeating over loopback: frozen (SIGSTOP) for longer than {@code down-after}, restarted, or
 * cut off from its PostgreSQL database, it calls no probe that kept sending down; a probe that died
 * while it was frozen goes down once, after its real silence, with no {@code probe.up} between;
 * and a probe that is down is not announced again after restarts.
 */
class LivenessProcessIT {
    private static final String ADMIN = "liveness-admin-token-0123456789";
    private static final Duration DOWN_AFTER = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    private Map<String, String> env(Map<String, String> base) {
        Map<String, String> env = new HashMap<>(base);
        env.put("GLASSPROBE_LIVENESS_LATE_AFTER", "4s");
        env.put("GLASSPROBE_LIVENESS_DOWN_AFTER", DOWN_AFTER.toSeconds() + "s");
        env.put("GLASSPROBE_LIVENESS_EVERY", "1s");
        env.put("GLASSPROBE_WEBHOOKS_POLL", "200ms");
        env.put("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"); // the receiver is on loopback
        return env;
    }

    @Test
    void a_frozen_or_restarted_api_pages_only_about_the_probe_that_really_died() throws Exception {
        Map<String, String> env = env(ApiProcess.h2(dir.resolve("data"), ADMIN));
        try (Receiver receiver = new Receiver()) {
            ApiProcess api = ApiProcess.launch(dir, "first", env).awaitListening(Duration.ofSeconds(60));
            Fleet fleet = new Fleet(api.base(), receiver, "alive-1", "alive-2", "dies");
            try {
                fleet.awaitUp();
                api.freeze();
                Thread.sleep(3000);
                fleet.probe("dies").sendOnceAndDie(); // its last heartbeat waits in the frozen API's socket
                Thread.sleep(DOWN_AFTER.multipliedBy(2).toMillis() - 3000);
                api.thaw();
                Thread.sleep(DOWN_AFTER.plusSeconds(10).toMillis());

                assertThat(fleet.events(receiver)).as("webhooks after a freeze of 16 s")
                        .containsExactly("probe.down dies");
                assertThat(fleet.transitions(api.base(), "dies")).containsExactly("up", "late", "down");
                assertThat(api.err()).contains("could not hear its probes");

                for (boolean kill : new boolean[] {true, false}) {
                    if (kill) {
                        api.kill();
                    } else {
                        api.close();
                    }
                    Thread.sleep(2000); // probes find the API gone
                    api = ApiProcess.launch(dir, kill ? "after-kill" : "after-stop", env)
                            .awaitListening(Duration.ofSeconds(60));
                    fleet.moveTo(api.base());
                    Thread.sleep(DOWN_AFTER.plusSeconds(5).toMillis());
                    assertThat(fleet.events(receiver)).as("webhooks after a restart (" + (kill ? "SIGKILL" : "SIGTERM")
                            + ")").containsExactly("probe.down dies");
                    assertThat(fleet.transitions(api.base(), "dies")).containsExactly("up", "late", "down");
                }
            } finally {
                fleet.close();
                api.close();
            }
        }
    }

    @Test
    void an_api_cut_off_from_postgresql_pages_nobody_when_it_is_back() throws Exception {
        Optional<TestPostgres> pg = TestPostgres.create("liveness_");
        assumeTrue(pg.isPresent(), "GLASSPROBE_TEST_POSTGRES_URL is not set: no PostgreSQL to cut the API off from");
        try (TestPostgres db = pg.get(); DatabaseRelay cut = new DatabaseRelay(db.host(), db.port()); Receiver receiver = new Receiver()) {
            Map<String, String> env = env(ApiProcess.h2(dir.resolve("data"), ADMIN));
            env.putAll(db.apiEnv(cut.port()));
            ApiProcess api = ApiProcess.launch(dir, "pg", env).awaitListening(Duration.ofSeconds(60));
            Fleet fleet = new Fleet(api.base(), receiver, "alive-1", "alive-2");
            try {
                fleet.awaitUp();
                cut.down();
                Thread.sleep(DOWN_AFTER.multipliedBy(2).toMillis());
                cut.up();
                Thread.sleep(DOWN_AFTER.plusSeconds(10).toMillis());
                assertThat(fleet.events(receiver)).as("webhooks after 16 s without the database").isEmpty();
                assertThat(fleet.transitions(api.base(), "alive-1")).containsExactly("up");
                assertThat(api.err()).contains("could not hear its probes");
            } finally {
                fleet.close();
                api.close();
            }
        }
    }

    /** Probes that heartbeat every 500 ms, and the admin's view of them. */
    private static final class Fleet implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final List<Probe> probes = new ArrayList<>();
        private volatile String base;

        Fleet(String base, Receiver receiver, String... names) throws Exception {
            this.base = base;
            JsonNode hook = TestApi.JSON.readTree(send("POST", "/api/v1/webhooks", ADMIN, "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"probe.down\",\"probe.up\"]}").body());
            receiver.secret(hook.get("secret").asText());
            for (String name : names) {
                String token = TestApi.JSON.readTree(send("POST", "/api/v1/probes", ADMIN, "{\"name\":\"" + name
                        + "\",\"region\":\"eu-west\"}").body()).get("token").asText();
                probes.add(new Probe(name, token));
            }
            probes.forEach(Probe::start);
        }

        void moveTo(String newBase) {
            base = newBase;
        }

        Probe probe(String name) {
            return probes.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
        }

        void awaitUp() throws Exception {
            for (int i = 0; i < 100; i++) {
                JsonNode list = TestApi.JSON.readTree(send("GET", "/api/v1/probes", ADMIN, null).body()).get("probes");
                boolean all = list.size() == probes.size();
                for (JsonNode p : list) {
                    all &= p.get("status").asText().equals("up");
                }
                if (all) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the probes did not come up");
        }

        /** The probe webhooks the receiver accepted, in order: "probe.down name". */
        List<String> events(Receiver receiver) {
            assertThat(receiver.received()).allMatch(Receiver.Received::verified);
            List<String> seen = new ArrayList<>();
            receiver.accepted().forEach(r -> seen.add(r.type() + " " + r.json().get("data").get("probe").asText()));
            return seen.stream().distinct().toList(); // a redelivery carries the same webhook id
        }

        List<String> transitions(String at, String probe) throws Exception {
            base = at;
            List<String> seen = new ArrayList<>();
            TestApi.JSON.readTree(send("GET", "/api/v1/probes/" + probe + "/events", ADMIN, null).body()).get("events")
                    .forEach(e -> seen.add(0, e.get("to").asText()));
            return seen;
        }

        HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            try {
                for (Probe p : probes) {
                    p.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** One probe's heartbeats, with its clock, as the agent sends them. */
        final class Probe {
            final String name;
            final String token;
            final AtomicBoolean running = new AtomicBoolean(true);
            final List<Integer> answers = new CopyOnWriteArrayList<>();
            Thread thread;

            Probe(String name, String token) {
                this.name = name;
                this.token = token;
            }

            void start() {
                thread = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/probe/heartbeat"))
                                    .timeout(Duration.ofSeconds(2)).header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body())).build();
                            answers.add(http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode());
                        } catch (IOException e) {
                            answers.add(-1);
                        } catch (InterruptedException e) {
                            return;
                        }
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "heartbeats-" + name);
                thread.start();
            }

            private String body() {
                return "{\"version\":\"it\",\"clock\":\"" + Instant.now() + "\"}";
            }

            /** Stops heartbeating, writes one last heartbeat to the API's socket and closes it, as a dying process does. */
            void sendOnceAndDie() throws Exception {
                stop();
                URI uri = URI.create(base);
                String body = body();
                try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
                    OutputStream out = s.getOutputStream();
                    out.write(("POST /api/v1/probe/heartbeat HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                            + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }

            void stop() throws InterruptedException {
                running.set(false);
                if (thread != null) {
                    thread.interrupt();
                    thread.join(10_000);
                }
            }
        }
    }
}
