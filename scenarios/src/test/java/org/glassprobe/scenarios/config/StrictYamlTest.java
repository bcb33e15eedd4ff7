package org.glassprobe.scenarios.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrictYamlTest {
    @TempDir
    Path dir;

    /** db.url and db.password (a secret that must be at least 4 characters), and free names under env. */
    private static final class Keys implements StrictYaml.Schema {
        final Map<String, String> taken = new LinkedHashMap<>();

        @Override
        public Set<String> settings() {
            return Set.of("db.url", "db.password");
        }

        @Override
        public Set<String> openSections() {
            return Set.of("env");
        }

        @Override
        public boolean secret(String key) {
            return key.equals("db.password");
        }

        @Override
        public Optional<String> take(String key, String text) {
            if (key.equals("db.password") && text.length() < 4) {
                return Optional.of("is too short");
            }
            taken.put(key, text);
            return Optional.empty();
        }

        @Override
        public String rootExample() {
            return "db";
        }

        @Override
        public String keyExample() {
            return "url";
        }
    }

    private List<String> read(String yaml, Keys keys) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
        List<ConfigProblem> problems = new ArrayList<>();
        StrictYaml.read(file, keys, problems);
        return problems.stream().map(p -> p.toString().replace(file.toString(), "FILE")).toList();
    }

    @Test
    void values_and_free_names_are_taken_in_the_order_of_the_file() throws Exception {
        Keys keys = new Keys();
        assertThat(read("env: {b: 2, a: 1}\ndb:\n  url: x\n", keys)).isEmpty();
        assertThat(keys.taken).containsExactly(Map.entry("env.b", "2"), Map.entry("env.a", "1"),
                Map.entry("db.url", "x"));
    }

    @Test
    void every_problem_is_reported_in_file_order_and_a_secret_is_never_shown() throws Exception {
        assertThat(read("db:\n  password: abc\n  user: me\n{x: 1}: 2\n", new Keys())).containsExactly(
                "FILE:2:13: db.password: the value (not shown) is too short",
                "FILE:3:3: db.user: is not a setting (value 'me'); known keys under db: password, url",
                "FILE:4:1: keys are plain words such as url");
    }
}
