package org.glassprobe.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;
import static org.glassprobe.api.TestApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code /api/v1/openapi.json} against the running API: an OpenAPI 3.1 document that OpenAPI tools
 * read, naming exactly the routes the server answers; every documented example request in
 * docs/api.md fits its schema and is answered as documented; and real answers of every read route
 * fit the schemas of their status.
 */
class OpenApiTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example request: (POST|PUT) (/\\S+) -->\\s*```json\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path dir;
    static TestApi api;
    static String text;
    static JsonNode doc;
    static String probeToken;
    static String webhook;
    static String incident;

    @BeforeAll
    static void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        probeToken = api.enrol("fixture-1", "eu-west");
        api.pushPing("site", "eu-west");
        api.pushPing("image-roundtrip-http", "eu-west");
        Instant now = api.clock.instant();
        List<org.glassprobe.scenarios.result.CheckResult> failing = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            failing.add(TestApi.result("site", now.minusSeconds(30L * i), false));
        }
        TestApi.Answer posted = api.postResults(probeToken, failing);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(api.post("/api/v1/probe/heartbeat", probeToken, "{}").status()).isEqualTo(200);
        api.api.outages().decideAll();
        TestApi.Answer outages = api.get("/api/v1/outages?kind=all", null);
        assertThat(outages.json().path("incidents").size()).as("the fixture opens an incident: " + outages.body())
                .isPositive();
        incident = outages.json().path("incidents").get(0).get("id").asText();
        webhook = api.post("/api/v1/webhooks", ADMIN, "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":"
                + "[\"outage.opened\"]}").json().get("id").asText();
        assertThat(api.post("/api/v1/webhooks/" + webhook + "/test", ADMIN, "{}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/maintenance", ADMIN, "{\"cron\":\"0 0 3 ? * SUN\",\"duration\":\"1h\"}")
                .status()).isEqualTo(201);
        TestApi.Answer answer = api.get("/api/v1/openapi.json", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        text = answer.body();
        doc = answer.json();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void the_document_is_openapi_3_1_that_openapi_tools_read_without_a_complaint() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's messages").isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.at("/info/version").asText()).isNotBlank();
        Set<String> ids = new TreeSet<>();
        operations().forEach(op -> assertThat(ids.add(op.node().get("operationId").asText()))
                .as("operationId of " + op + " is unique").isTrue());
    }

    @Test
    void the_document_names_exactly_the_routes_the_server_answers() {
        Set<String> documented = new TreeSet<>();
        operations().forEach(op -> documented.add(op.method() + " " + op.path()));
        assertThat(documented).isEqualTo(api.api.routes());
    }

    @Test
    void every_error_answer_is_the_one_error_shape_and_every_guarded_route_says_who_may_call_it() {
        operations().forEach(op -> {
            op.node().get("responses").fields().forEachRemaining(e -> {
                JsonNode json = e.getValue().at("/content/application~1json/schema");
                // /readyz's 503 is its own answer: not ready, and why
                boolean readiness = op.path().equals("/readyz") && e.getKey().equals("503");
                if (Integer.parseInt(e.getKey()) >= 400 && !json.isMissingNode() && !readiness) {
                    assertThat(json.path("$ref").asText()).as(op + " " + e.getKey())
                            .isEqualTo("#/components/schemas/Error");
                }
            });
            assertThat(op.node().has("security")).as(op + " says who may call it").isTrue();
            if (op.node().get("security").size() > 0) {
                assertThat(op.node().at("/responses/401").isMissingNode()).as(op + " documents 401").isFalse();
            }
        });
        assertThat(doc.at("/components/schemas/Error/required").toString()).contains("error");
    }

    /** A documented example request: its route, its body, where in docs/api.md. */
    record Example(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Example> examples() throws IOException {
        String md = Files.readString(Path.of("..", "docs", "api.md"));
        List<Example> found = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(md);
        while (m.find()) {
            found.add(new Example(m.group(1), m.group(2), m.group(3)));
        }
        assertThat(found.stream().map(Example::toString)).as("docs/api.md's example requests").contains(
                "POST /api/v1/probes", "POST /api/v1/probe/heartbeat", "POST /api/v1/webhooks",
                "POST /api/v1/maintenance");
        return found.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void every_documented_example_request_fits_its_schema_and_is_answered_as_documented(Example example)
            throws IOException {
        JsonNode op = doc.at("/paths/" + escape(example.path()) + "/" + example.method().toLowerCase(Locale.ROOT));
        assertThat(op.isMissingNode()).as(example + " is in the document").isFalse();
        JsonNode body = JSON.readTree(example.body());
        assertThat(problems(body, op.at("/requestBody/content/application~1json/schema"))).as(example + "'s body")
                .isEmpty();
        String concrete = example.path().replace("{id}", webhook);
        String token = op.at("/security/0/probe").isMissingNode() ? ADMIN : probeToken;
        TestApi.Answer answer = api.send(example.method(), concrete, token,
                example.body().getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(answer.status()).as(example + " answered " + answer.body()).isBetween(200, 299);
        assertAnsweredAsDocumented(op, example.toString(), answer);
    }

    /** A read the test makes, with the caller it needs. */
    record Read(String path, String token, int status) {
        @Override
        public String toString() {
            return "GET " + path + " → " + status;
        }
    }

    static Stream<Read> reads() {
        return Stream.of(
                new Read("/healthz", null, 200),
                new Read("/readyz", null, 200),
                new Read("/api/v1/openapi.json", null, 200),
                new Read("/", null, 200),
                new Read("/checks/site", null, 200),
                new Read("/checks/nope", null, 404),
                new Read("/status.json", null, 200),
                new Read("/badge/site.svg", null, 200),
                new Read("/badge/site.svg?type=bogus", null, 400),
                new Read("/page/assets/page.css", null, 200),
                new Read("/page/assets/nope.css", null, 404),
                new Read("/metrics", ADMIN, 200),
                new Read("/api/v1/probes", ADMIN, 200),
                new Read("/api/v1/probes/fixture-1/events", ADMIN, 200),
                new Read("/api/v1/probes/nope/events", ADMIN, 404),
                new Read("/api/v1/checks", ADMIN, 200),
                new Read("/api/v1/checks/site", ADMIN, 200),
                new Read("/api/v1/checks/nope", ADMIN, 404),
                new Read("/api/v1/checks/site/results", ADMIN, 200),
                new Read("/api/v1/checks/site/results?limit=0", ADMIN, 400),
                new Read("/api/v1/checks/site/summary?period=7d", null, 200),
                new Read("/api/v1/checks/site/summary?period=1y", null, 400),
                new Read("/api/v1/checks/site/series?period=24h&step=1h", null, 200),
                new Read("/api/v1/probe/checks", "probe", 200),
                new Read("/api/v1/probe/journeys/site", "probe", 200),
                new Read("/api/v1/probe/journeys/site?wait=1h", "probe", 400),
                new Read("/api/v1/probe/journeys/nope", "probe", 404),
                new Read("/api/v1/probe/commands", "probe", 200),
                new Read("/api/v1/probe/commands?wait=1h", "probe", 400),
                new Read("/api/v1/checks/site/confirmations", null, 200),
                new Read("/api/v1/checks/nope/confirmations", null, 404),
                new Read("/api/v1/checks/site/propagation", null, 200),
                new Read("/api/v1/checks/site/propagation?from=x", null, 400),
                new Read("/api/v1/probe/checks", ADMIN, 403),
                new Read("/api/v1/probes", null, 401),
                new Read("/api/v1/outages?kind=all", null, 200),
                new Read("/api/v1/outages/{incident}", null, 200),
                new Read("/api/v1/outages/nope", null, 404),
                new Read("/api/v1/webhooks", ADMIN, 200),
                new Read("/api/v1/webhooks/{webhook}", ADMIN, 200),
                new Read("/api/v1/webhooks/{webhook}/deliveries", ADMIN, 200),
                new Read("/api/v1/maintenance", ADMIN, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void every_read_route_answers_as_documented(Read read) {
        String path = read.path().replace("{incident}", incident).replace("{webhook}", webhook);
        String token = "probe".equals(read.token()) ? probeToken : read.token();
        TestApi.Answer answer = api.get(path, token);
        assertThat(answer.status()).as(read + ": " + answer.body()).isEqualTo(read.status());
        assertAnsweredAsDocumented(operation("GET", path.contains("?") ? path.substring(0, path.indexOf('?')) : path),
                read.toString(), answer);
    }

    @Test
    void every_read_route_of_the_document_is_read_by_this_test() {
        Set<String> read = new TreeSet<>();
        reads().forEach(r -> {
            String path = r.path().replace("{incident}", incident).replace("{webhook}", webhook);
            read.add(template(path.contains("?") ? path.substring(0, path.indexOf('?')) : path));
        });
        Set<String> documented = new TreeSet<>();
        operations().filter(op -> op.method().equals("GET")).forEach(op -> documented.add(op.path()));
        assertThat(read).isEqualTo(documented);
    }

    @Test
    void a_conditional_request_for_the_document_is_answered_304() {
        String etag = api.get("/api/v1/openapi.json", null).header("ETag");
        assertThat(etag).isNotBlank();
        TestApi.Answer again = api.send("GET", "/api/v1/openapi.json", null, null, null, Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    private static void assertAnsweredAsDocumented(JsonNode op, String what, TestApi.Answer answer) {
        JsonNode response = op.at("/responses/" + answer.status());
        assertThat(response.isMissingNode()).as(what + ": status " + answer.status() + " is documented").isFalse();
        JsonNode content = response.get("content");
        if (content == null) {
            assertThat(answer.body()).as(what + " has no body").isEmpty();
            return;
        }
        String type = answer.header("Content-Type");
        assertThat(type).as(what).isNotNull();
        String mediaType = type.split(";")[0].strip();
        Iterator<String> names = content.fieldNames();
        List<String> documented = new ArrayList<>();
        names.forEachRemaining(documented::add);
        if (documented.contains("application/octet-stream")) {
            return; // an asset: in its own media type
        }
        assertThat(documented).as(what + "'s media type").contains(mediaType);
        if (mediaType.equals("application/json")) {
            JsonNode body;
            try {
                body = JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new AssertionError(what + " is not JSON: " + answer.body(), e);
            }
            assertThat(problems(body, content.at("/application~1json/schema"))).as(what + ": " + answer.body())
                    .isEmpty();
        }
    }

    /** What is wrong with the instance under the schema (with the document's components), format included. */
    private static List<String> problems(JsonNode instance, JsonNode schemaRef) {
        assertThat(schemaRef.isMissingNode()).as("a schema").isFalse();
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.setAll((ObjectNode) schemaRef.deepCopy());
        schema.set("components", doc.get("components"));
        Schema compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://glassprobe.test/openapi.json"), schema);
        // the same problem at every index of a list is said once, with * for the index
        return compiled.validate(instance, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)))
                .stream().map(e -> (e.getInstanceLocation() + ": " + e.getMessage()).replaceAll("/\\d+(?=/|:)", "/*"))
                .distinct().toList();
    }

    /** One operation of the document. */
    record Op(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static Stream<Op> operations() {
        List<Op> ops = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (Set.of("get", "head", "post", "put", "delete", "options", "patch").contains(m.getKey())) {
                ops.add(new Op(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), m.getValue()));
            }
        }));
        return ops.stream();
    }

    /** The document's operation for a concrete path. */
    private static JsonNode operation(String method, String path) {
        String template = template(path);
        JsonNode op = doc.at("/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT));
        assertThat(op.isMissingNode()).as(method + " " + path + " (" + template + ") is in the document").isFalse();
        return op;
    }

    /** The document's path template that matches a concrete path (a literal one first). */
    private static String template(String path) {
        List<String> matching = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(t -> {
            String regex = Stream.of(t.split("\\{[^}/]+}", -1)).map(Pattern::quote)
                    .reduce((a, b) -> a + "[^/]+" + b).orElse("");
            if (path.matches(regex)) {
                matching.add(t);
            }
        });
        assertThat(matching).as(path + " matches a documented path").isNotEmpty();
        return matching.stream().filter(t -> !t.contains("{")).findFirst().orElse(matching.get(0));
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
