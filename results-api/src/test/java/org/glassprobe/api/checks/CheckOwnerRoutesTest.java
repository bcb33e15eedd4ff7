package org.glassprobe.api.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks as code on the API: owner, adopt, dryRun and files=true on PUT and GET /api/v1/checks/{name}. */
class CheckOwnerRoutesTest {
    private static final Path EXAMPLES = Path.of("../scenarios/examples");

    @TempDir
    static Path dir;
    static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_CHECKS_MAX_CHECKS", "50"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String ping(String name, String interval) {
        return "name: " + name + "\nkind: ping\ninterval: " + interval + "\nhttp: {url: \"http://127.0.0.1:1/\"}\n";
    }

    private static TestApi.Answer put(String name, String query, String yaml) {
        String bundle = TestApi.JSON.createObjectNode().put("check", yaml).put("fileName", "team/" + name + ".yaml")
                .toString();
        return api.send("PUT", "/api/v1/checks/" + name + query, ADMIN, bundle.getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of());
    }

    @Test
    void an_owner_is_stored_shown_and_kept_by_a_put_without_one() {
        assertThat(put("owned", "?owner=team-a", ping("owned", "30s")).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/checks/owned", ADMIN).json().get("owner").asText()).isEqualTo("team-a");
        JsonNode listed = api.get("/api/v1/checks", ADMIN).json().get("checks");
        listed.forEach(c -> assertThat(c.has("owner")).as("every listed check says its owner").isTrue());

        TestApi.Answer byHand = put("owned", "", ping("owned", "45s"));
        assertThat(byHand.status()).as(byHand.body()).isEqualTo(200);
        assertThat(byHand.json().get("owner").asText()).as("a hand edit keeps the owner").isEqualTo("team-a");
        assertThat(byHand.json().get("interval").asText()).isEqualTo("45s");
    }

    @Test
    void a_check_made_by_hand_shows_a_null_owner_and_another_owner_gets_409_naming_who_holds_it() {
        assertThat(put("by-hand", "", ping("by-hand", "30s")).status()).isEqualTo(201);
        JsonNode got = api.get("/api/v1/checks/by-hand", ADMIN).json();
        assertThat(got.has("owner")).isTrue();
        assertThat(got.get("owner").isNull()).isTrue();

        TestApi.Answer refused = put("by-hand", "?owner=team-a", ping("by-hand", "1m"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).contains("made by hand").contains("adopt=true");
        assertThat(api.get("/api/v1/checks/by-hand", ADMIN).json().get("interval").asText()).isEqualTo("30s");

        assertThat(put("team-b-check", "?owner=team-b", ping("team-b-check", "30s")).status()).isEqualTo(201);
        TestApi.Answer other = put("team-b-check", "?owner=team-a", ping("team-b-check", "1m"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("error").asText()).contains("owned by 'team-b'");
        assertThat(api.get("/api/v1/checks/team-b-check", ADMIN).json().get("owner").asText()).isEqualTo("team-b");
    }

    @Test
    void adopt_takes_over_a_check_even_when_its_file_is_unchanged() {
        String yaml = ping("adopted", "30s");
        assertThat(put("adopted", "", yaml).status()).isEqualTo(201);
        String version = api.get("/api/v1/checks/adopted", ADMIN).json().get("version").asText();

        TestApi.Answer adopt = put("adopted", "?owner=team-a&adopt=true", yaml);
        assertThat(adopt.status()).as(adopt.body()).isEqualTo(200);
        JsonNode after = api.get("/api/v1/checks/adopted", ADMIN).json();
        assertThat(after.get("owner").asText()).isEqualTo("team-a");
        assertThat(after.get("version").asText()).as("the same file: the same version").isEqualTo(version);
    }

    @Test
    void a_dry_run_answers_as_the_put_would_and_stores_nothing() {
        TestApi.Answer create = put("dry", "?owner=team-a&dryRun=true", ping("dry", "30s"));
        assertThat(create.status()).as(create.body()).isEqualTo(201);
        assertThat(create.json().get("dryRun").asBoolean()).isTrue();
        assertThat(create.json().get("outcome").asText()).isEqualTo("created");
        assertThat(create.json().get("owner").asText()).isEqualTo("team-a");
        assertThat(api.get("/api/v1/checks/dry", ADMIN).status()).as("nothing stored").isEqualTo(404);

        assertThat(put("dry", "?owner=team-a", ping("dry", "30s")).status()).isEqualTo(201);
        String version = api.get("/api/v1/checks/dry", ADMIN).json().get("version").asText();
        TestApi.Answer same = put("dry", "?owner=team-a&dryRun=true", ping("dry", "30s"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("outcome").asText()).isEqualTo("unchanged");
        TestApi.Answer change = put("dry", "?owner=team-a&dryRun=true", ping("dry", "2m"));
        assertThat(change.status()).isEqualTo(200);
        assertThat(change.json().get("outcome").asText()).isEqualTo("replaced");
        assertThat(change.json().get("interval").asText()).isEqualTo("2m");
        assertThat(put("dry", "?owner=team-b&dryRun=true", ping("dry", "2m")).status()).isEqualTo(409);
        assertThat(put("dry", "?dryRun=true", "name: dry\nkind: ping\ninterval: 3x\n").status()).isEqualTo(422);
        JsonNode stored = api.get("/api/v1/checks/dry", ADMIN).json();
        assertThat(stored.get("version").asText()).as("no dry run changed it").isEqualTo(version);
        assertThat(stored.get("interval").asText()).isEqualTo("30s");
        assertThat(stored.has("dryRun")).as("only a dry run's answer says dryRun").isFalse();
    }

    @Test
    void a_dry_run_of_a_new_check_beyond_max_checks_is_409_like_the_put() {
        TestApi small = new TestApi(dir.resolve("small"), Map.of("GLASSPROBE_CHECKS_MAX_CHECKS", "1"));
        try {
            small.pushPing("only");
            String bundle = TestApi.JSON.createObjectNode().put("check", ping("second", "30s")).toString();
            TestApi.Answer dry = small.send("PUT", "/api/v1/checks/second?dryRun=true", ADMIN,
                    bundle.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
            assertThat(dry.status()).as(dry.body()).isEqualTo(409);
            assertThat(dry.json().get("error").asText()).contains("checks.max-checks");
        } finally {
            small.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner=Team-A", "owner=-team", "owner=", "owner=a%20b", "adopt=yes", "dryRun=1"})
    void bad_query_parameters_are_400_naming_the_parameter_and_change_nothing(String query) {
        TestApi.Answer bad = put("bad-param", "?" + query, ping("bad-param", "30s"));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        String param = query.substring(0, query.indexOf('='));
        assertThat(bad.json().get("error").asText()).contains("'" + param + "'");
        if (param.equals("owner")) {
            assertThat(bad.json().get("error").asText()).contains("[a-z0-9][a-z0-9._-]{0,62}");
        }
        assertThat(api.get("/api/v1/checks/bad-param", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void get_with_files_true_brings_each_file_s_content_in_base64() throws Exception {
        byte[] png = Files.readAllBytes(EXAMPLES.resolve("images/glassprobe.png"));
        String yaml = Files.readString(EXAMPLES.resolve("image-roundtrip-http.yaml"))
                .replace("name: image-roundtrip-http", "name: with-files");
        String bundle = TestApi.JSON.writeValueAsString(Map.of("check", yaml, "fileName", "web/with-files.yaml",
                "files", Map.of("images/glassprobe.png", Base64.getEncoder().encodeToString(png))));
        assertThat(api.send("PUT", "/api/v1/checks/with-files?owner=web", ADMIN, bundle.getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of()).status()).isEqualTo(201);

        JsonNode full = api.get("/api/v1/checks/with-files?files=true", ADMIN).json();
        JsonNode file = full.get("files").get(0);
        assertThat(file.get("path").asText()).isEqualTo("images/glassprobe.png");
        assertThat(Base64.getDecoder().decode(file.get("base64").asText())).isEqualTo(png);
        assertThat(full.get("source").get("file").asText()).isEqualTo("web/with-files.yaml");
        assertThat(full.get("source").get("text").asText()).isEqualTo(yaml);

        JsonNode described = api.get("/api/v1/checks/with-files", ADMIN).json();
        assertThat(described.get("files").get(0).has("base64")).as("without files=true: no content").isFalse();
        assertThat(api.get("/api/v1/checks/with-files?files=maybe", ADMIN).status()).isEqualTo(400);
    }
}
