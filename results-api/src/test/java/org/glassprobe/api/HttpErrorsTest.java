package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the API answers outside its routes: every error in the one documented JSON shape, 405 with
 * {@code Allow} for a method a path does not take, and the CORS preflight of the public JSON routes.
 */
class HttpErrorsTest {
    @TempDir
    static Path dir;
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi(dir);
        api.pushPing("web");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static TestApi.Answer send(String method, String path, String token, Map<String, String> headers) {
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return api.send(method, path, token, withBody ? "{}".getBytes(StandardCharsets.UTF_8) : null,
                withBody ? "application/json" : null, headers);
    }

    /** The one error shape: a JSON object with a non-blank "error" and, at most, "problems". */
    private static void assertErrorShape(TestApi.Answer a) {
        assertThat(a.header("Content-Type")).as(a.body()).startsWith("application/json");
        JsonNode body = a.json();
        assertThat(body.isObject()).as(a.body()).isTrue();
        assertThat(body.path("error").isTextual()).as(a.body()).isTrue();
        assertThat(body.get("error").asText()).isNotBlank();
        Set<String> fields = new HashSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(a.body()).isSubsetOf("error", "problems");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /nope", "POST, /nope", "GET, /api/v1/nope", "DELETE, /api/v1/nope/deeper", "GET, /page/nope/x",
            "GET, /api/v1/checks/web/nope"})
    void an_unknown_route_is_404_in_the_error_shape(String method, String path) {
        for (String token : Arrays.asList(null, ADMIN)) {
            TestApi.Answer a = send(method, path, token, Map.of());
            assertThat(a.status()).as(a.body()).isEqualTo(404);
            assertErrorShape(a);
            assertThat(a.json().get("error").asText()).contains(path);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "DELETE, /healthz, 'GET,HEAD,OPTIONS'",
            "POST, /status.json, 'GET,HEAD,OPTIONS'",
            "PUT, /, 'GET,HEAD'",
            "PATCH, /api/v1/checks/web, 'DELETE,GET,HEAD,PUT'",
            "POST, /api/v1/probe/checks, 'GET,HEAD'",
            "GET, /api/v1/probe/heartbeat, 'POST'",
            "PUT, /api/v1/probes, 'GET,HEAD,POST'"})
    void a_wrong_method_is_405_with_allow_in_the_error_shape(String method, String path, String allowed) {
        for (String token : Arrays.asList(null, ADMIN)) {
            TestApi.Answer a = send(method, path, token, Map.of());
            assertThat(a.status()).as(a.body()).isEqualTo(405);
            assertErrorShape(a);
            assertThat(a.header("Allow")).as("Allow").isNotNull();
            assertThat(Arrays.stream(a.header("Allow").split(",")).map(String::strip).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(Set.of(allowed.split(",")));
            assertThat(a.json().get("error").asText()).contains(method).contains(path);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/status.json", "/healthz", "/readyz", "/api/v1/checks/web/summary?period=24h",
            "/api/v1/checks/web/series?period=7d&step=1d", "/api/v1/checks/web/propagation", "/api/v1/outages"})
    void the_public_json_routes_answer_the_cors_preflight(String path) {
        TestApi.Answer preflight = send("OPTIONS", path, null, Map.of("Origin", "https://elsewhere.example",
                "Access-Control-Request-Method", "GET"));
        assertThat(preflight.status()).as(preflight.body()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("GET").contains("HEAD");
        assertThat(preflight.header("Allow")).contains("GET").contains("HEAD").contains("OPTIONS");
        assertThat(preflight.body()).isEmpty();
        TestApi.Answer get = send("GET", path, null, Map.of("Origin", "https://elsewhere.example"));
        assertThat(get.status()).as(get.body()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
}
