package org.glassprobe.api.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckRoutesTest {
    private static final Path EXAMPLES = Path.of("../scenarios/examples");

    @TempDir
    static Path dir;
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi(dir);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void a_check_with_its_upload_file_travels_as_multipart_and_reaches_the_probe_intact() throws Exception {
        byte[] png = Files.readAllBytes(EXAMPLES.resolve("images/glassprobe.png"));
        String yaml = Files.readString(EXAMPLES.resolve("image-roundtrip-http.yaml"));
        TestApi.Answer put = putWithImage("image-roundtrip-http", "image-roundtrip-http.yaml", yaml, png);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().get("files").get(0).get("path").asText()).isEqualTo("images/glassprobe.png");

        String probe = api.enrol("eu-upload", "eu-west");
        JsonNode assigned = api.get("/api/v1/probe/checks", probe).json().get("checks");
        assertThat(assigned).hasSize(1);
        JsonNode check = assigned.get(0);
        byte[] sent = Base64.getDecoder().decode(check.get("files").get(0).get("base64").asText());
        assertThat(sent).isEqualTo(png);
        // the probe rebuilds the check from what it received, exactly as the API validated it
        Check parsed = CheckLanguage.standard().parser().parse(new Check.Source("image-roundtrip-http.yaml",
                check.get("source").get("text").asText(), "yaml"),
                FileResolver.bundle(Map.of("images/glassprobe.png", sent)));
        assertThat(parsed.name()).isEqualTo("image-roundtrip-http");
    }

    @Test
    void a_check_travels_as_a_json_bundle_too() throws Exception {
        byte[] png = Files.readAllBytes(EXAMPLES.resolve("images/glassprobe.png"));
        String yaml = Files.readString(EXAMPLES.resolve("image-roundtrip-http.yaml"))
                .replace("name: image-roundtrip-http", "name: bundled");
        String bundle = TestApi.JSON.writeValueAsString(Map.of("check", yaml, "files",
                Map.of("images/glassprobe.png", Base64.getEncoder().encodeToString(png))));
        TestApi.Answer put = api.send("PUT", "/api/v1/checks/bundled", ADMIN, bundle.getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(201);
    }

    @Test
    void a_scenario_script_is_kept_as_java_and_reaches_the_probe_as_java() throws Exception {
        byte[] png = Files.readAllBytes(EXAMPLES.resolve("images/glassprobe.png"));
        String java = Files.readString(EXAMPLES.resolve("ImageRoundTrip.java"))
                .replace("retries: 1", "retries: 1\nregions: [eu-script]");
        // The script imports Playwright, which the API does not have: it is checked, not compiled, here.
        TestApi.Answer put = putWithImage("image-roundtrip-java", "ImageRoundTrip.java", java, png);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(put.json().get("kind").asText()).isEqualTo("scenario");

        String probe = api.enrol("eu-script-1", "eu-script");
        JsonNode check = api.get("/api/v1/probe/checks", probe).json().get("checks").get(0);
        assertThat(check.get("source").get("format").asText()).isEqualTo("java");
        assertThat(check.get("source").get("file").asText()).isEqualTo("ImageRoundTrip.java");
        // A probe compiles exactly what was pushed (the probe's own tests compile and run this example).
        assertThat(check.get("source").get("text").asText()).isEqualTo(java);
    }

    @Test
    void a_script_with_a_syntax_error_is_refused_with_its_line_and_nothing_changes() {
        String java = "/*---\nname: broken-script\n---*/\nimport org.glassprobe.scenarios.script.*;\n"
                + "public class Broken implements Scenario {\n    public void run(ScenarioContext ctx) {\n"
                + "        ctx.step(\"a\", () -> { int x = ; });\n    }\n}\n";
        TestApi.Answer put = api.send("PUT", "/api/v1/checks/broken-script", ADMIN,
                TestApi.JSON.createObjectNode().put("check", java).put("fileName", "Broken.java").toString()
                        .getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
        assertThat(put.status()).as(put.body()).isEqualTo(422);
        JsonNode problem = put.json().get("problems").get(0);
        assertThat(problem.get("file").asText()).isEqualTo("Broken.java");
        assertThat(problem.get("line").asInt()).isEqualTo(7);
        assertThat(problem.get("message").asText()).contains("illegal start of expression");
        assertThat(api.get("/api/v1/checks/broken-script", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void a_check_without_the_file_it_uploads_is_refused_with_the_cli_message_and_nothing_changes() throws Exception {
        String yaml = Files.readString(EXAMPLES.resolve("image-roundtrip-http.yaml"))
                .replace("name: image-roundtrip-http", "name: missing-file");
        TestApi.Answer put = api.putYaml("missing-file", yaml);
        assertThat(put.status()).isEqualTo(422);
        JsonNode problem = put.json().get("problems").get(0);
        assertThat(problem.get("file").asText()).isEqualTo("missing-file.yaml");
        assertThat(problem.get("line").asInt()).isPositive();
        assertThat(problem.get("path").asText()).startsWith("steps[0]");
        assertThat(problem.get("text").asText()).startsWith("missing-file.yaml:" + problem.get("line").asInt());
        assertThat(api.get("/api/v1/checks/missing-file", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void an_invalid_replacement_leaves_the_stored_check_as_it_was() {
        api.pushPing("stable");
        String before = api.get("/api/v1/checks/stable", ADMIN).json().get("version").asText();
        TestApi.Answer bad = api.putYaml("stable", "name: stable\nkind: ping\ninterval: 3x\nhttp: {url: \"http://a/\"}\n");
        assertThat(bad.status()).isEqualTo(422);
        JsonNode p = bad.json().get("problems").get(0);
        assertThat(p.get("line").asInt()).isEqualTo(3);
        assertThat(p.get("path").asText()).isEqualTo("interval");
        assertThat(api.get("/api/v1/checks/stable", ADMIN).json().get("version").asText()).isEqualTo(before);
    }

    @Test
    void the_name_in_the_file_must_be_the_name_pushed_to() {
        TestApi.Answer put = api.putYaml("one-name", "name: other-name\nkind: ping\nhttp: {url: \"http://a/\"}\n");
        assertThat(put.status()).isEqualTo(422);
        assertThat(put.body()).contains("other-name").contains("one-name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "a/b", "a//b/", "..", ".", "50% off?", "back\\slash",
            "semi;colon", "plus+sign", "héllo ✓", "#hash", "~tilde"})
    void any_printable_name_works_in_put_get_list_delete(String name) {
        api.pushPing(name);
        String path = "/api/v1/checks/" + TestApi.segment(name);
        TestApi.Answer got = api.get(path, ADMIN);
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(got.json().get("name").asText()).isEqualTo(name);
        assertThat(api.get("/api/v1/checks", ADMIN).json().get("checks").findValuesAsText("name")).contains(name);
        assertThat(api.get(path + "/summary", null).json().get("check").asText()).isEqualTo(name);
        assertThat(api.delete(path, ADMIN).status()).isEqualTo(204);
        assertThat(api.get(path, ADMIN).status()).isEqualTo(404);
    }

    @Test
    void probes_get_their_regions_checks_with_an_etag_and_304_until_something_changes() {
        String probe = api.enrol("etag-probe", "ap-south");
        api.pushPing("ap-check", "ap-south");
        TestApi.Answer first = api.get("/api/v1/probe/checks", probe);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"");
        TestApi.Answer same = api.send("GET", "/api/v1/probe/checks", probe, null, null, Map.of("If-None-Match", etag));
        assertThat(same.status()).isEqualTo(304);
        api.pushPing("elsewhere", "us-east");
        assertThat(api.send("GET", "/api/v1/probe/checks", probe, null, null, Map.of("If-None-Match", etag)).status())
                .as("a check of another region changes nothing here").isEqualTo(304);
        api.putYaml("ap-check", "name: ap-check\nkind: ping\ninterval: 45s\nregions: [ap-south]\n"
                + "http: {url: \"http://127.0.0.1:1/\"}\n");
        TestApi.Answer changed = api.send("GET", "/api/v1/probe/checks", probe, null, null,
                Map.of("If-None-Match", etag));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(api.post("/api/v1/probe/heartbeat", probe, "{}").json().get("checksEtag").asText())
                .isEqualTo(changed.header("ETag"));
        api.delete("/api/v1/checks/ap-check", ADMIN);
        assertThat(api.send("GET", "/api/v1/probe/checks", probe, null, null,
                Map.of("If-None-Match", changed.header("ETag"))).status()).isEqualTo(200);
    }

    @Test
    void an_oversized_check_is_refused_with_413() {
        String big = "name: big\nkind: ping\nhttp: {url: \"http://a/\"}\n# " + "x".repeat(5 * 1024 * 1024) + "\n";
        TestApi.Answer put = api.putYaml("big", big);
        assertThat(put.status()).isEqualTo(413);
        assertThat(put.json().get("error").asText()).contains("at most");
        assertThat(api.get("/api/v1/checks/big", ADMIN).status()).isEqualTo(404);
    }

    /** Pushes a check file with the example image as multipart/form-data, as curl -F does. */
    private static TestApi.Answer putWithImage(String name, String fileName, String text, byte[] png) {
        String boundary = "----glassprobe" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "check", fileName, text.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "images/glassprobe.png", "glassprobe.png", png);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return api.send("PUT", "/api/v1/checks/" + name, ADMIN, body.toByteArray(),
                "multipart/form-data; boundary=" + boundary, Map.of());
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String fileName, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
