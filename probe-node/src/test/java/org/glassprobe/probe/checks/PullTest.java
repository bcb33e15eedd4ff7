package org.glassprobe.probe.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.model.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PullTest {
    @TempDir
    Path dir;

    private static RemoteCheck check(String name, String file, Map<String, String> files) {
        Map<String, RemoteCheck.RemoteFile> described = new java.util.TreeMap<>();
        files.forEach((p, content) -> {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            described.put(p, new RemoteCheck.RemoteFile(p, b.length, MediaTypes.sha256(b), b));
        });
        return new RemoteCheck(name, null, file, "name: " + name + "\n", "v", described);
    }

    @Test
    void upload_files_go_beside_their_check_file_and_a_shared_identical_file_is_written_once() throws Exception {
        Pull.Outputs outputs = Pull.of(List.of(check("a", "web/a.yaml", Map.of("images/x.png", "X")),
                check("b", "web/b.yaml", Map.of("images/x.png", "X"))));
        assertThat(outputs.problems()).isEmpty();
        assertThat(outputs.files()).extracting(Pull.Output::path)
                .containsExactly("web/a.yaml", "web/b.yaml", "web/images/x.png");

        Pull.write(dir, outputs.files());
        assertThat(Files.readString(dir.resolve("web/a.yaml"))).isEqualTo("name: a\n");
        assertThat(Files.readString(dir.resolve("web/images/x.png"))).isEqualTo("X");
        assertThat(Pull.clashes(dir, outputs.files())).as("the same content again is no clash").isEmpty();
    }

    @Test
    void two_checks_with_one_file_name_or_one_upload_path_of_different_content_are_refused() {
        Pull.Outputs sameFile = Pull.of(List.of(check("a", "c.yaml", Map.of()), check("b", "c.yaml", Map.of())));
        assertThat(sameFile.files()).isEmpty();
        assertThat(sameFile.problems()).singleElement().asString().startsWith("c.yaml: both check \"a\" and check \"b\"");

        Pull.Outputs upload = Pull.of(List.of(check("a", "a.yaml", Map.of("x.png", "1")),
                check("b", "b.yaml", Map.of("x.png", "2"))));
        assertThat(upload.files()).isEmpty();
        assertThat(upload.problems()).singleElement().asString().startsWith("x.png: both");
    }

    @Test
    void an_existing_file_with_other_content_is_a_clash() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\n# edited here\n");
        Pull.Outputs outputs = Pull.of(List.of(check("a", "a.yaml", Map.of())));
        assertThat(Pull.clashes(dir, outputs.files())).singleElement().asString().endsWith("exists with other content");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../up.yaml", "/abs.yaml", "a//b.yaml", "./a.yaml", "a\\b.yaml", ""})
    void a_file_name_outside_the_directory_is_refused(String file) {
        Pull.Outputs outputs = Pull.of(List.of(check("a", file, Map.of())));
        assertThat(outputs.files()).isEmpty();
        assertThat(outputs.problems()).singleElement().asString().contains("not a relative path");
    }
}
