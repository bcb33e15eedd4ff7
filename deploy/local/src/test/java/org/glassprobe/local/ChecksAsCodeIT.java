package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks as code end to end: the real {@code glassprobe-probe checks} CLI, as a process, against a
 * real results API process, on copies of scenarios/examples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChecksAsCodeIT {
    private static final Path EXAMPLES = NetworkFixture.ROOT.resolve("scenarios/examples");
    private LocalNetwork network;
    private final List<String> everything = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-checks-as-code-" + base), base, List.of(),
                null, true, false, Map.of(), List.of()), System.out);
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    private record Run(int exit, String out, String err) {}

    /** Runs {@code glassprobe-probe checks ARGS} with the admin token in the environment (unless told not to). */
    private Run checks(boolean withToken, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", NetworkFixture.ROOT.resolve("probe-node/target/glassprobe-probe.jar").toString(), "checks"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("GLASSPROBE_ADMIN_TOKEN");
        builder.environment().remove("GLASSPROBE_API_URL");
        if (withToken) {
            builder.environment().put("GLASSPROBE_ADMIN_TOKEN", network.adminToken());
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("checks " + String.join(" ", args) + " ends").isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        everything.add(run.out() + run.err());
        System.out.println("$ checks " + String.join(" ", args) + "  -> exit " + run.exit() + "\n" + run.out()
                + run.err());
        return run;
    }

    private Run checks(String... args) throws IOException, InterruptedException {
        return checks(true, args);
    }

    private String[] on(String verb, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of(verb, "--api", network.apiUrl()));
        args.addAll(List.of(more));
        args.add(dir.toString());
        return args.toArray(String[]::new);
    }

    private Map<String, JsonNode> apiChecks() throws IOException, InterruptedException {
        Map<String, JsonNode> byName = new TreeMap<>();
        NetworkFixture.admin(network, "GET", "/api/v1/checks?limit=500", null, 200).path("checks")
                .forEach(c -> byName.put(c.path("name").asText(), c));
        return byName;
    }

    private Map<String, String> versions() throws IOException, InterruptedException {
        Map<String, String> versions = new TreeMap<>();
        apiChecks().forEach((name, c) -> versions.put(name, c.path("version").asText() + "/" + c.path("owner")));
        return versions;
    }

    @Test
    void plan_apply_edit_delete_refuse_adopt_and_pull_against_a_real_api() throws Exception {
        Path dir = tmp.resolve("repo/checks");
        Files.createDirectories(dir.resolve("web/images"));
        Files.createDirectories(dir.resolve(".git"));
        Files.copy(EXAMPLES.resolve("ping.yaml"), dir.resolve("ping.yaml"));
        Files.copy(EXAMPLES.resolve("image-roundtrip-http.yaml"), dir.resolve("web/image-roundtrip-http.yaml"));
        Files.copy(EXAMPLES.resolve("ImageRoundTrip.java"), dir.resolve("web/ImageRoundTrip.java"));
        Files.copy(EXAMPLES.resolve("images/glassprobe.png"), dir.resolve("web/images/glassprobe.png"));
        Files.writeString(dir.resolve(".git/config.yaml"), "not: a check\n");
        // made by hand, and another team's: apply must never touch them
        network.admin().putCheck("by-hand", "by-hand.yaml", ping("by-hand", "30s"), Map.of());
        NetworkFixture.admin(network, "PUT", "/api/v1/checks/shop-check?owner=shop",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("check", new String(ping("shop-check", "30s"), StandardCharsets.UTF_8))
                        .put("fileName", "shop/shop-check.yaml").toString(), 201);

        Run missingToken = checks(false, on("plan", dir, "--owner", "team-web"));
        assertThat(missingToken.exit()).isEqualTo(2);
        assertThat(missingToken.err()).contains("GLASSPROBE_ADMIN_TOKEN is not set");
        Run badOwner = checks(on("plan", dir, "--owner", "Team Web"));
        assertThat(badOwner.exit()).isEqualTo(2);
        assertThat(badOwner.err()).contains("--owner").contains("[a-z0-9][a-z0-9._-]{0,62}");
        Run unreachable = checks("plan", "--api", "http://127.0.0.1:1", "--owner", "team-web", dir.toString());
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).contains("does not answer");

        Run plan = checks(on("plan", dir, "--owner", "team-web"));
        assertThat(plan.exit()).as(plan.err()).isEqualTo(3);
        assertThat(plan.out()).contains("+ create demo-health", "+ create image-roundtrip-http", "+ create image-roundtrip-java",
                "+ file images/glassprobe.png", "Plan: 3 to create, 0 to change, 0 to delete, 0 unchanged.");
        assertThat(apiChecks()).as("plan changes nothing").containsOnlyKeys("by-hand", "shop-check");

        Run apply = checks(on("apply", dir, "--owner", "team-web"));
        assertThat(apply.exit()).as(apply.err()).isEqualTo(0);
        assertThat(apply.out()).contains("created demo-health", "created image-roundtrip-http", "created image-roundtrip-java",
                "Applied: 3 created, 0 changed, 0 deleted, 0 unchanged.");
        Map<String, JsonNode> applied = apiChecks();
        assertThat(applied).containsOnlyKeys("by-hand", "shop-check", "demo-health", "image-roundtrip-http",
                "image-roundtrip-java");
        assertThat(applied.get("demo-health").path("owner").asText()).isEqualTo("team-web");
        assertThat(applied.get("by-hand").path("owner").isNull()).isTrue();

        Run again = checks(on("apply", dir, "--owner", "team-web"));
        assertThat(again.exit()).isEqualTo(0);
        assertThat(again.out()).contains("No changes.", "Plan: 0 to create, 0 to change, 0 to delete, 3 unchanged.");
        assertThat(checks(on("plan", dir, "--owner", "team-web")).exit()).as("nothing to plan").isEqualTo(0);

        Files.writeString(dir.resolve("ping.yaml"), Files.readString(dir.resolve("ping.yaml"))
                .replace("interval: 30s", "interval: 45s"));
        Run edited = checks(on("plan", dir, "--owner", "team-web"));
        assertThat(edited.exit()).isEqualTo(3);
        assertThat(edited.out()).contains("~ change demo-health", "-interval: 30s", "+interval: 45s",
                "Plan: 0 to create, 1 to change, 0 to delete, 2 unchanged.");

        Files.delete(dir.resolve("web/ImageRoundTrip.java"));
        Run deleting = checks(on("apply", dir, "--owner", "team-web"));
        assertThat(deleting.exit()).as(deleting.err()).isEqualTo(0);
        assertThat(deleting.out()).contains("changed demo-health", "deleted image-roundtrip-java");
        assertThat(apiChecks()).containsOnlyKeys("by-hand", "shop-check", "demo-health", "image-roundtrip-http");
        assertThat(apiChecks().get("demo-health").path("interval").asText()).isEqualTo("45s");

        Map<String, String> before = versions();
        Files.writeString(dir.resolve("ping.yaml"), Files.readString(dir.resolve("ping.yaml"))
                .replace("interval: 45s", "interval: 1m"));
        Files.writeString(dir.resolve("broken.yaml"), "name: broken\nkind: ping\ninterval: 3x\n"
                + "http: {url: \"http://127.0.0.1:1/\"}\n");
        for (String verb : List.of("plan", "apply")) {
            Run invalid = checks(on(verb, dir, "--owner", "team-web"));
            assertThat(invalid.exit()).as(verb + " with an invalid file").isEqualTo(2);
            assertThat(invalid.err()).contains(dir.resolve("broken.yaml") + ":3:").contains("interval");
            assertThat(versions()).as("nothing changed on the API").isEqualTo(before);
        }
        Files.delete(dir.resolve("broken.yaml"));

        Files.write(dir.resolve("by-hand.yaml"), ping("by-hand", "1m"));
        Run conflict = checks(on("apply", dir, "--owner", "team-web"));
        assertThat(conflict.exit()).isEqualTo(2);
        assertThat(conflict.err()).contains("by-hand").contains("made by hand").contains("--adopt");
        assertThat(versions()).as("a conflict changes nothing").isEqualTo(before);
        Run adopt = checks(on("apply", dir, "--owner", "team-web", "--adopt"));
        assertThat(adopt.exit()).as(adopt.err()).isEqualTo(0);
        assertThat(adopt.out()).contains("adopted by-hand", "changed demo-health");
        Map<String, JsonNode> adopted = apiChecks();
        assertThat(adopted.get("by-hand").path("owner").asText()).isEqualTo("team-web");
        assertThat(adopted.get("shop-check").path("owner").asText()).as("another team's check survives")
                .isEqualTo("shop");

        Path pulled = tmp.resolve("pulled");
        Run pull = checks("pull", "--api", network.apiUrl(), pulled.toString());
        assertThat(pull.exit()).as(pull.err()).isEqualTo(0);
        assertThat(pulled.resolve("web/images/glassprobe.png")).hasSameBinaryContentAs(
                EXAMPLES.resolve("images/glassprobe.png"));
        assertThat(pulled.resolve("shop/shop-check.yaml")).exists();
        Run afterPull = checks(on("plan", pulled, "--owner", "team-web", "--adopt"));
        assertThat(afterPull.exit()).as(afterPull.err()).isEqualTo(3);
        assertThat(afterPull.out()).contains("~ adopt shop-check", "no change to the check file or its files",
                "Plan: 0 to create, 1 to change, 0 to delete, 3 unchanged.");
        assertThat(afterPull.out()).doesNotContain("@@", "+++", "---", "file name:");
        Files.writeString(pulled.resolve("ping.yaml"), "# edited\n" + Files.readString(pulled.resolve("ping.yaml")));
        Run refused = checks("pull", "--api", network.apiUrl(), pulled.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("exists with other content", "--force");

        assertThat(everything).as("the admin token never appears in any output")
                .noneMatch(text -> text.contains(network.adminToken()));
    }

    private static byte[] ping(String name, String interval) {
        return ("name: " + name + "\nkind: ping\ninterval: " + interval + "\nhttp: {url: \"http://127.0.0.1:1/\"}\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
