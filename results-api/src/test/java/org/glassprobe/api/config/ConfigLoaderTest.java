package org.glassprobe.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.glassprobe.scenarios.config.ConfigProblem;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    private static final Path INVALID = Path.of("src/test/resources/invalid-config");

    @TempDir
    Path dir;

    @Test
    void every_setting_has_a_sane_default() throws Exception {
        ApiConfig c = new ConfigLoader().load(Optional.empty(), Map.of());
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.database().url()).startsWith("jdbc:h2:file:").contains("data/glassprobe");
        assertThat(c.adminToken()).isEmpty();
        assertThat(c.retention().raw()).isEqualTo(Duration.ofDays(7));
        assertThat(c.retention().minute()).isEqualTo(Duration.ofDays(30));
        assertThat(c.retention().hour()).isEqualTo(Duration.ofDays(400));
        assertThat(c.liveness().lateAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.ingest().maxBatchResults()).isEqualTo(500);
    }

    @Test
    void the_file_sets_and_the_environment_overrides() throws Exception {
        Path file = dir.resolve("api.yaml");
        Files.writeString(file, "server:\n  port: 9000\nliveness:\n  late-after: 10s\n  down-after: 1m\n"
                + "retention:\n  raw: 2d\ndata-dir: /var/lib/glassprobe\n");
        ApiConfig c = new ConfigLoader().load(Optional.of(file), Map.of("GLASSPROBE_API_PORT", "9100",
                "GLASSPROBE_ADMIN_TOKEN", "a-token-of-enough-length", "GLASSPROBE_DB_URL", "jdbc:postgresql://db/gp"));
        assertThat(c.server().port()).isEqualTo(9100);
        assertThat(c.liveness().lateAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.liveness().downAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.retention().raw()).isEqualTo(Duration.ofDays(2));
        assertThat(c.adminToken()).contains("a-token-of-enough-length");
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db/gp");
    }

    static Stream<Path> invalidFiles() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            return files.sorted().toList().stream();
        }
    }

    /** Each file's first line is {@code # expect: MESSAGE}: the exact problem it must produce. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void an_invalid_file_is_refused_with_the_exact_message(Path file) throws IOException {
        String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "")
                .replace("FILE", file.toString());
        assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(file), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).map(ConfigProblem::toString)
                        .contains(expected));
    }

    @Test
    void a_bad_environment_value_names_the_variable_key_and_value() {
        assertThatThrownBy(() -> new ConfigLoader().load(Optional.empty(), Map.of("GLASSPROBE_API_PORT", "eighty")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("environment GLASSPROBE_API_PORT: server.port: 'eighty' is not a whole number");
        assertThatThrownBy(() -> new ConfigLoader().load(Optional.empty(), Map.of("GLASSPROBE_ADMIN_TOKEN", "short")))
                .hasMessageContaining("admin-token: the value (not shown) must be 16 to 500 characters long");
    }

    @Test
    void a_missing_file_is_named() {
        assertThatThrownBy(() -> new ConfigLoader().load(Optional.of(dir.resolve("nope.yaml")), Map.of()))
                .hasMessageContaining("nope.yaml: no such file");
    }

    @Test
    void settings_table_has_unique_keys_and_variables() {
        assertThat(Settings.ALL.stream().map(Setting::key).distinct().count()).isEqualTo(Settings.ALL.size());
        assertThat(Settings.ALL.stream().map(Setting::env).distinct().count()).isEqualTo(Settings.ALL.size());
        assertThat(Settings.ALL.stream().map(Setting::env).toList()).allMatch(e -> e.startsWith("GLASSPROBE_"));
        List<String> required = List.of("GLASSPROBE_API_PORT", "GLASSPROBE_DATA_DIR", "GLASSPROBE_ADMIN_TOKEN");
        assertThat(Settings.ALL.stream().map(Setting::env).toList()).containsAll(required);
    }
}
