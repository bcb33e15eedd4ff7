package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A scenario script whose syntax the API accepts but which does not compile on the probe: the
 * probe names it in its heartbeat's lastError, and keeps naming it through its pulls that find
 * the checks unchanged, until a version that compiles arrives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UncompilableScriptIT {
    private static final String CHECK = "broken-script";
    private LocalNetwork network;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-uncompilable-" + base), base, List.of("eu-west"),
                null, true, false, Map.of(), List.of("--pull-interval", "1s", "--heartbeat-interval", "1s")),
                System.out);
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    /** A script that passes when it compiles; {@code body} is the one statement of its step. */
    private void push(String body) throws Exception {
        String text = "/*---\nname: " + CHECK + "\ninterval: 5s\ntimeout: 2s\nretries: 0\n---*/\n"
                + "import org.glassprobe.scenarios.script.Scenario;\n"
                + "import org.glassprobe.scenarios.script.ScenarioContext;\n\n"
                + "public class BrokenScript implements Scenario {\n"
                + "    @Override\n"
                + "    public void run(ScenarioContext ctx) {\n"
                + "        ctx.step(\"only\", () -> { " + body + " });\n"
                + "    }\n"
                + "}\n";
        network.admin().putCheck(CHECK, "BrokenScript.java", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private String lastError() throws Exception {
        JsonNode probe = network.admin().probes().path("probes").get(0);
        return probe.path("lastError").isNull() ? null : probe.path("lastError").asText(null);
    }

    @Test
    void a_compile_error_stays_in_the_probes_last_error_until_a_version_that_compiles_arrives() throws Exception {
        push("int n = \"not a number\";"); // well-formed Java that javac refuses: a type error
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> lastError() != null && lastError().contains(CHECK));

        // pulls every second find the checks unchanged (304); heartbeats every second carry lastError
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            assertThat(lastError()).as("the compile error after unchanged pulls").contains(CHECK);
            Thread.sleep(500);
        }

        push("String compiles = \"now\";");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> lastError() == null);
    }
}
