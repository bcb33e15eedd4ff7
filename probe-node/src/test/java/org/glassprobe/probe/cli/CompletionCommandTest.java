package org.glassprobe.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code completion} script in a real zsh (bash is tested in {@link ProbeCliTest}): the line is
 * typed into an interactive zsh's line editor in a pseudo-terminal and TAB pressed, so zsh's own
 * completion system, through its bashcompinit, offers what a person would see. With the user's
 * {@code compinit} run before the script is sourced, as most {@code .zshrc} files do; without, where
 * the script turns it on itself; and with the alias docs/probe.md suggests.
 */
class CompletionCommandTest {
    private static final Path ZSH = Path.of("/usr/bin/zsh");

    @TempDir
    static Path dir;
    static Path script;
    static Path driver;

    @BeforeAll
    static void writeScripts() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (ProbeCli.Wiring wiring = ProbeCli.Wiring.standard()) {
            exit = ProbeCli.execute(wiring, new String[] {"completion"}, new PrintStream(out, true,
                    StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        script = Files.writeString(dir.resolve("glassprobe-probe.completion"), out.toString(StandardCharsets.UTF_8));
        try (InputStream in = CompletionCommandTest.class.getResourceAsStream("/cli/zsh-complete.zsh")) {
            driver = dir.resolve("zsh-complete.zsh");
            Files.write(driver, in.readAllBytes());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {"compinit|", "no-compinit|",
        "compinit|alias glassprobe-probe='java -jar /opt/glassprobe/glassprobe-probe.jar'"})
    void zsh_completes_the_commands_and_each_commands_options(String mode, String setup) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ZSH), "install zsh: deploy/setup-debian");

        assertThat(complete(mode, setup, "glassprobe-probe ")).containsExactlyInAnyOrder("run", "validate", "enrol",
                "agent", "checks", "completion", "help");
        assertThat(complete(mode, setup, "glassprobe-probe checks ")).contains("plan", "apply", "pull");
        assertThat(complete(mode, setup, "glassprobe-probe ru")).containsExactly("run");
        assertThat(complete(mode, setup, "glassprobe-probe run --")).containsExactlyInAnyOrder("--json", "--progress",
                "--no-warmup", "--var", "--artifacts", "--help", "--version");
        assertThat(complete(mode, setup, "glassprobe-probe run --j")).containsExactly("--json");
        assertThat(complete(mode, setup, "glassprobe-probe agent --")).contains("--api", "--data", "--config",
                "--workers", "--listen", "--help").doesNotContain("--json");
        assertThat(complete(mode, setup, "glassprobe-probe enrol -")).contains("-h", "--help");
    }

    /** What zsh offers when TAB is pressed after the line; at most 30 s, then the shell is killed. */
    private static List<String> complete(String mode, String setup, String line) throws Exception {
        Path home = Files.createTempDirectory(dir, "home");
        ProcessBuilder pb = new ProcessBuilder(ZSH.toString(), "-f", driver.toString(), script.toString(), line, mode,
                setup == null ? "" : setup)
                .redirectErrorStream(true);
        // compinit writes its dump file into the home directory: a throw-away one, not the user's
        pb.environment().putAll(Map.of("HOME", home.toString(), "ZDOTDIR", home.toString(), "TMPDIR",
                home.toString(), "TERM", "dumb"));
        Process p = pb.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        });
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("zsh did not finish completing '" + line + "' in 30 s");
        }
        String out = output.get(5, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
