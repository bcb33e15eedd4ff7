package org.glassprobe.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.faults.FaultMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, as a user runs it: a real process, its exit status and output. */
class ProbeJarIT {
    private static final Path JAR = Path.of("target/glassprobe-probe.jar").toAbsolutePath();
    private static final Path EXAMPLES = Path.of("../scenarios/examples").toAbsolutePath().normalize();
    private static DemoSite site;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.defaults().withPort(0).withAdminPort(0));
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    private record Outcome(int exit, String out, String err) {}

    private static Outcome jar(String... args) throws Exception {
        return jarIn(Path.of("").toAbsolutePath(), args);
    }

    private static Outcome jarIn(Path workingDirectory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void exit_status_is_0_passed_1_failed_2_invalid() throws Exception {
        String target = "target=" + site.baseUrl();
        String roundTrip = EXAMPLES.resolve("image-roundtrip-http.yaml").toString();

        Outcome passed = jar("run", roundTrip, "--var", target);
        site.setFault(FaultMode.CORRUPT, 0);
        Outcome failed = jar("run", roundTrip, "--var", target);
        site.clearFault();
        Outcome invalid = jar("validate", EXAMPLES.resolve("images/glassprobe.png").toString());

        assertThat(passed.exit()).as(passed.out() + passed.err()).isEqualTo(0);
        assertThat(passed.out()).startsWith("✓ image-roundtrip-http passed");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("✗ integrity in step \"retrieve\"");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("not a check file");
    }

    @Test
    void version_is_the_jars_maven_version() throws Exception {
        Outcome version = jar("--version");

        assertThat(version.exit()).isEqualTo(0);
        // from the manifest, as the agent's heartbeats read it; not the fallback of a run from classes
        assertThat(version.out()).matches("glassprobe-probe \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void browser_example_runs_from_the_jar_in_any_working_directory(@TempDir Path elsewhere) throws Exception {
        Outcome passed = jarIn(elsewhere, "run", EXAMPLES.resolve("image-roundtrip-browser.yaml").toString(),
                "--var", "target=" + site.baseUrl(), "--artifacts", elsewhere.resolve("artifacts").toString());

        assertThat(passed.exit()).as(passed.out() + passed.err()).isEqualTo(0);
        assertThat(passed.out()).startsWith("✓ image-roundtrip-browser passed").contains("✓ displayed");
    }

    @Test
    void java_script_compiles_against_the_jar_and_runs(@TempDir Path elsewhere) throws Exception {
        Outcome passed = jarIn(elsewhere, "run", EXAMPLES.resolve("ImageRoundTrip.java").toString(),
                "--var", "target=" + site.baseUrl(), "--artifacts", elsewhere.resolve("artifacts").toString());

        assertThat(passed.exit()).as(passed.out() + passed.err()).isEqualTo(0);
        assertThat(passed.out()).startsWith("✓ image-roundtrip-java passed").contains("✓ retrieve");
    }
}
