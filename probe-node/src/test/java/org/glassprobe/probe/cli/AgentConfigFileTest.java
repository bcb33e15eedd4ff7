package org.glassprobe.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentConfigFileTest {
    private static final Path INVALID = Path.of("src/test/resources/invalid");

    @TempDir
    Path dir;

    @Test
    void every_key_is_read() throws Exception {
        Path file = Files.writeString(dir.resolve("probe.yaml"), """
                api: http://127.0.0.1:8080
                data: /var/lib/glassprobe
                variables: {target: https://www.example.org, port: 8443}
                pull-interval: 30s
                heartbeat-interval: 2s
                listen: 'off'
                workers: 4
                spool-max-bytes: 1048576
                shutdown-grace: 1m
                max-confirmations-per-minute: 0
                """);
        assertThat(AgentConfigFile.read(file)).isEqualTo(new AgentConfigFile("http://127.0.0.1:8080",
                "/var/lib/glassprobe", Map.of("target", "https://www.example.org", "port", "8443"), "30s", "2s", "off",
                4, 1048576L, "1m", 0));
    }

    @Test
    void several_api_addresses_are_one_comma_separated_value() throws Exception {
        Path file = Files.writeString(dir.resolve("probe.yaml"), "api: http://api-1:8080, http://api-2:8080\n");
        assertThat(AgentConfigFile.read(file).api()).isEqualTo("http://api-1:8080, http://api-2:8080");
    }

    @Test
    void an_empty_file_sets_nothing() throws Exception {
        assertThat(AgentConfigFile.read(Files.writeString(dir.resolve("empty.yaml"), "# nothing\n")))
                .isEqualTo(AgentConfigFile.EMPTY);
    }

    @Test
    void a_missing_file_is_named() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> AgentConfigFile.read(missing)).isInstanceOf(InvalidConfigException.class)
                .hasMessage(missing + ": no such file (looked at " + missing.toAbsolutePath() + ")");
    }

    static Stream<Path> invalidFiles() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            return files.sorted().toList().stream();
        }
    }

    /** Each file's first line is {@code # expect: MESSAGE}: the exact (and only) problem it must produce. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void an_invalid_file_is_refused_with_the_exact_message(Path file) throws IOException {
        String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "")
                .replace("FILE", file.toString());
        assertThatThrownBy(() -> AgentConfigFile.read(file)).isInstanceOf(InvalidConfigException.class)
                .hasMessage(expected);
    }
}
