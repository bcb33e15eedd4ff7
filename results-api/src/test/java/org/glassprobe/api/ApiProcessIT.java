package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.result.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar as a process: first start, restart keeping everything, and start-up refusals. */
class ApiProcessIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private ApiProcess start(Path data, String run) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("GLASSPROBE_DATA_DIR", data.toString(),
                "GLASSPROBE_API_PORT", "0", "GLASSPROBE_API_HOST", "127.0.0.1"));
        ApiProcess api = ApiProcess.launch(dir, run, env).awaitListening(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return call(api, "GET", "/readyz", null, null, null).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return api;
    }

    private HttpResponse<String> call(ApiProcess api, String method, String path, String token, String body,
            String type) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return TestApi.JSON.readTree(r.body());
    }

    @Test
    void a_restarted_api_keeps_tokens_checks_probes_and_results() throws Exception {
        Path data = dir.resolve("data");
        String admin;
        String probe;
        String summaryBefore;
        List<CheckResult> sent = new ArrayList<>();
        try (ApiProcess api = start(data, "first")) {
            String out = api.out();
            assertThat(out).contains("generated the admin token");
            admin = out.lines().filter(l -> l.strip().startsWith("gpa_")).findFirst().orElseThrow().strip();
            assertThat(api.err()).doesNotContain(admin);

            probe = json(call(api, "POST", "/api/v1/probes", admin, "{\"name\":\"eu-1\",\"region\":\"eu-west\"}",
                    "application/json")).get("token").asText();
            assertThat(call(api, "PUT", "/api/v1/checks/kept", admin, "name: kept\nkind: ping\n"
                    + "http: {url: \"http://127.0.0.1:1/\"}\n", "application/yaml").statusCode()).isEqualTo(201);
            assertThat(call(api, "POST", "/api/v1/probe/heartbeat", probe, "{\"version\":\"9.9\"}", "application/json")
                    .statusCode()).isEqualTo(200);
            for (int i = 0; i < 20; i++) {
                sent.add(TestApi.result("kept", Instant.now().minusSeconds(i * 5L), i != 3));
            }
            assertThat(json(call(api, "POST", "/api/v1/probe/results", probe, TestApi.batch(sent), "application/json"))
                    .get("stored").asInt()).isEqualTo(20);
            summaryBefore = json(call(api, "GET", "/api/v1/checks/kept/summary?period=24h", null, null, null))
                    .get("overall").toString();
        }
        try (ApiProcess api = start(data, "second")) {
            assertThat(api.out()).doesNotContain("generated the admin token").doesNotContain("gpa_");
            assertThat(api.err()).as("a clean stop needs no replay").doesNotContain("did not stop cleanly");
            assertThat(call(api, "GET", "/api/v1/checks/kept", admin, null, null).statusCode()).isEqualTo(200);
            JsonNode probes = json(call(api, "GET", "/api/v1/probes", admin, null, null)).get("probes");
            assertThat(probes.get(0).get("name").asText()).isEqualTo("eu-1");
            assertThat(probes.get(0).get("version").asText()).isEqualTo("9.9");
            JsonNode again = json(call(api, "POST", "/api/v1/probe/results", probe, TestApi.batch(sent),
                    "application/json"));
            assertThat(again.get("duplicates").asInt()).as("ids are remembered across restarts").isEqualTo(20);
            assertThat(json(call(api, "GET", "/api/v1/checks/kept/results?limit=100", admin, null, null))
                    .get("results")).hasSize(20);
            assertThat(json(call(api, "GET", "/api/v1/checks/kept/summary?period=24h", null, null, null))
                    .get("overall").toString()).isEqualTo(summaryBefore);
        }
    }

    @Test
    void a_bad_setting_stops_start_up_naming_file_line_key_and_value_without_a_stack_trace() throws Exception {
        Path config = dir.resolve("api.yaml");
        Files.writeString(config, "server:\n  port: 8080\nliveness:\n  late-afterr: 30s\n");
        try (ApiProcess bad = ApiProcess.launch(dir, "bad", Map.of("GLASSPROBE_DATA_DIR", dir.resolve("d").toString()),
                "--config", config.toString())) {
            assertThat(bad.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(bad.err()).contains(config + ":4:3: liveness.late-afterr: is not a setting (value '30s')")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        try (ApiProcess env = ApiProcess.launch(dir, "env", Map.of("GLASSPROBE_API_PORT", "eighty",
                "GLASSPROBE_DATA_DIR", dir.toString()))) {
            assertThat(env.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(env.err()).contains("GLASSPROBE_API_PORT: server.port: 'eighty' is not a whole number");
        }
    }

    @Test
    void version_prints_the_jars_version_and_exits_0() throws Exception {
        try (ApiProcess api = ApiProcess.launch(dir, "version", Map.of(), "--version")) {
            assertThat(api.waitFor(Duration.ofSeconds(30))).isEqualTo(0);
            // the Maven version from the manifest, not the fallback of a run from classes
            assertThat(api.out()).matches("glassprobe-api \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        }
    }

    @Test
    void a_taken_port_stops_start_up_with_exit_status_1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ApiProcess api = ApiProcess.launch(dir, "port", Map.of("GLASSPROBE_API_PORT",
                     String.valueOf(taken.getLocalPort()), "GLASSPROBE_API_HOST", "127.0.0.1", "GLASSPROBE_DATA_DIR",
                     dir.resolve("p").toString(), "GLASSPROBE_ADMIN_TOKEN", "0123456789abcdef0123"))) {
            assertThat(api.waitFor(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(api.err()).contains("glassprobe-api: cannot start").doesNotContain("\tat ");
        }
    }
}
