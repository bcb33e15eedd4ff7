package org.glassprobe.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.StepKinds;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.result.ResultJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its command starts it, in-process, against a small stand-in for the results API on
 * loopback: every part it wires does its work (pull, run, spool, ship, heartbeat, /healthz).
 */
class AgentTest {
    private final ObjectMapper json = ResultJson.newMapper();
    private final List<JsonNode> results = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final AtomicInteger commandRequests = new AtomicInteger();
    private final List<JsonNode> heartbeatBodies = new CopyOnWriteArrayList<>();
    private HttpServer api;
    private BrowserPool browsers;

    @TempDir
    Path data;

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        api.createContext("/health", exchange -> answer(exchange, 200, "{\"status\":\"up\"}"));
        api.createContext("/api/v1/probe/checks", exchange -> {
            ObjectNode answer = json.createObjectNode().put("etag", "\"e1\"").put("region", "eu-west");
            ObjectNode check = answer.putArray("checks").addObject().put("name", "home").put("version", "1");
            check.putObject("source").put("file", "home.yaml").put("format", "yaml").put("text", """
                    name: home
                    kind: ping
                    interval: 1s
                    timeout: 500ms
                    http: {url: "http://127.0.0.1:%d/health"}
                    """.formatted(api.getAddress().getPort()));
            check.putArray("files");
            answer(exchange, 200, json.writeValueAsString(answer));
        });
        api.createContext("/api/v1/probe/heartbeat", exchange -> {
            heartbeatBodies.add(json.readTree(exchange.getRequestBody()));
            heartbeats.incrementAndGet();
            answer(exchange, 200, "{\"status\":\"ok\",\"checksEtag\":\"\\\"e1\\\"\"}");
        });
        api.createContext("/api/v1/probe/commands", exchange -> {
            commandRequests.incrementAndGet();
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            if (query.contains("have=c1")) {
                // as the API does while the probe has every pending command: hold the request, then answer
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer(exchange, 200, """
                    {"commands": [{"id": "c1", "type": "confirm", "check": "home", "reason": "failure",
                                   "deadline": "%s", "trigger": {"probe": "us-east-1", "region": "us-east"}}],
                     "checksEtag": "\\"e1\\""}""".formatted(Instant.now().plusSeconds(60)));
        });
        api.createContext("/api/v1/probe/results", exchange -> {
            JsonNode batch = json.readTree(exchange.getRequestBody());
            batch.path("results").forEach(results::add);
            answer(exchange, 200, "{\"stored\":" + batch.path("results").size() + "}");
        });
        api.start();
        browsers = new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
        browsers.close();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void an_agent_pulls_runs_spools_ships_heartbeats_and_answers_healthz() throws Exception {
        String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort();
        ProbeIdentity identity = new ProbeIdentity(apiUrl, "p1", "eu-west", "token", Instant.EPOCH);
        AgentSettings settings = new AgentSettings(apiUrl, data, Map.of(), Duration.ofSeconds(10),
                Duration.ofMillis(200), new InetSocketAddress("127.0.0.1", 0), 4, 1L << 20, Duration.ofSeconds(2),
                60);
        Clock clock = Clock.systemUTC();
        Agent.Parts parts = new Agent.Parts(CheckLanguage.standard(), StepKinds.executors(new StepKinds.Tools(
                HttpStepExecutor.baseClient(), browsers, clock)), clock);

        try (Agent agent = Agent.start(settings, ProbeSettings.defaults(), identity, parts)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> results.size() >= 2 && heartbeats.get() >= 2);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.path("check").asText()).isEqualTo("home");
                assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            });
            // the agent counts a batch as delivered after the API's answer, a moment after the API has it
            await().atMost(Duration.ofSeconds(10)).until(() -> health(agent).path("delivered").asLong() >= 2);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + agent.localPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(health.body());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(body.path("status").asText()).isEqualTo("running");
            assertThat(body.path("probe").asText()).isEqualTo("p1");
            assertThat(body.path("checks").asInt()).isEqualTo(1);
            assertThat(body.has("lastError") && body.get("lastError").isNull()).as("nothing wrong: null, not left"
                    + " out: " + body).isTrue();
            assertThat(body.path("delivered").asLong()).isGreaterThanOrEqualTo(2);
            // one form for every instant the probe writes (the system clock has microseconds)
            String millis = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
            assertThat(List.of(body.path("startedAt").asText(), body.path("lastPull").asText(),
                    body.path("lastDelivery").asText())).allMatch(t -> t.matches(millis));
            assertThat(heartbeatBodies).allSatisfy(h -> {
                assertThat(h.path("startedAt").asText()).matches(millis);
                assertThat(h.path("clock").asText()).matches(millis);
            });
            assertThat(results).allSatisfy(r -> {
                assertThat(r.path("startedAt").asText()).matches(millis);
                r.path("attempts").forEach(a -> assertThat(a.path("startedAt").asText()).matches(millis));
            });
        }
        assertThat(data.resolve("checks.json")).as("the pulled checks are kept").exists();
        assertThat(data.resolve("spool")).isDirectory();
    }

    @Test
    void an_agent_runs_the_confirmation_its_command_channel_asks_for_once_and_ships_it_marked() throws Exception {
        String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort();
        ProbeIdentity identity = new ProbeIdentity(apiUrl, "p1", "eu-west", "token", Instant.EPOCH);
        AgentSettings settings = new AgentSettings(apiUrl, data, Map.of(), Duration.ofSeconds(10),
                Duration.ofSeconds(5), null, 4, 1L << 20, Duration.ofSeconds(2), 60);
        Clock clock = Clock.systemUTC();
        Agent.Parts parts = new Agent.Parts(CheckLanguage.standard(), StepKinds.executors(new StepKinds.Tools(
                HttpStepExecutor.baseClient(), browsers, clock)), clock);

        try (Agent agent = Agent.start(settings, ProbeSettings.defaults(), identity, parts)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> results.stream()
                    .anyMatch(r -> r.path("confirmation").path("round").asText().equals("c1")));
            await().atMost(Duration.ofSeconds(10)).until(() -> commandRequests.get() >= 4);
        }
        assertThat(results).filteredOn(r -> r.has("confirmation")).singleElement().satisfies(r -> {
            assertThat(r.path("check").asText()).isEqualTo("home");
            assertThat(r.path("confirmation").path("reason").asText()).isEqualTo("failure");
        });
        assertThat(data.resolve("spool")).isDirectory();
    }

    private JsonNode health(Agent agent) throws Exception {
        return json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + agent.localPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
