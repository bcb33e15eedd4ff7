package org.glassprobe.probe.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.parse.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckDirectoryTest {
    private static final Path EXAMPLES = Path.of("../scenarios/examples");
    private static final CheckLanguage LANGUAGE = CheckLanguage.standard();

    @TempDir
    Path dir;

    private void ping(String file, String name) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "name: " + name + "\nkind: ping\nhttp: {url: \"http://127.0.0.1:1/\"}\n");
    }

    @Test
    void reads_every_check_file_recursively_with_its_upload_files_and_skips_hidden_directories() throws Exception {
        Files.createDirectories(dir.resolve("web/images"));
        Files.copy(EXAMPLES.resolve("image-roundtrip-http.yaml"), dir.resolve("web/image-roundtrip-http.yaml"));
        Files.copy(EXAMPLES.resolve("images/glassprobe.png"), dir.resolve("web/images/glassprobe.png"));
        ping("ping.yml", "plain");
        ping(".git/hooks/x.yaml", "hidden");
        Files.writeString(dir.resolve("README.md"), "# not a check\n");

        CheckDirectory.Reading reading = CheckDirectory.read(dir, LANGUAGE);

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.checks()).extracting(LocalCheck::name).containsExactly("plain", "image-roundtrip-http");
        LocalCheck image = reading.checks().get(1);
        assertThat(image.file()).isEqualTo("web/image-roundtrip-http.yaml");
        assertThat(image.files()).containsOnlyKeys("images/glassprobe.png");
        assertThat(image.files().get("images/glassprobe.png"))
                .isEqualTo(Files.readAllBytes(EXAMPLES.resolve("images/glassprobe.png")));
    }

    @Test
    void a_yaml_file_that_a_check_uploads_is_no_check_of_its_own() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/body.yaml"), "this: is uploaded, not a check\n");
        Files.writeString(dir.resolve("upload.yaml"), Files.readString(EXAMPLES.resolve("image-roundtrip-http.yaml"))
                .replace("name: image-roundtrip-http", "name: upload").replace("images/glassprobe.png", "data/body.yaml"));

        CheckDirectory.Reading reading = CheckDirectory.read(dir, LANGUAGE);

        assertThat(reading.problems()).isEmpty();
        assertThat(reading.checks()).extracting(LocalCheck::name).containsExactly("upload");
        assertThat(reading.checks().get(0).files()).containsOnlyKeys("data/body.yaml");
    }

    @Test
    void two_files_declaring_one_name_is_an_error_naming_both_files() throws Exception {
        ping("a/site.yaml", "site");
        ping("b/site.yaml", "site");

        CheckDirectory.Reading reading = CheckDirectory.read(dir, LANGUAGE);

        assertThat(reading.checks()).isEmpty();
        assertThat(reading.problems()).singleElement().extracting(Problem::toString).asString()
                .contains(dir.resolve("a/site.yaml").toString()).contains(dir.resolve("b/site.yaml").toString());
    }

    @Test
    void every_invalid_file_is_reported_with_its_line_and_no_check_is_returned() throws Exception {
        ping("good.yaml", "good");
        Files.writeString(dir.resolve("bad.yaml"), "name: bad\nkind: ping\ninterval: 3x\nhttp: {url: \"http://a/\"}\n");
        Files.writeString(dir.resolve("Bad.java"), "/*---\nname: bad-script\n---*/\npublic class Bad {}\n");

        CheckDirectory.Reading reading = CheckDirectory.read(dir, LANGUAGE);

        assertThat(reading.valid()).isFalse();
        assertThat(reading.checks()).isEmpty();
        assertThat(reading.problems()).extracting(Problem::file)
                .contains(dir.resolve("bad.yaml").toString(), dir.resolve("Bad.java").toString());
        assertThat(reading.problems()).anySatisfy(p -> assertThat(p.toString())
                .startsWith(dir.resolve("bad.yaml") + ":3:").contains("interval"));
    }

    @Test
    void a_missing_directory_is_one_problem_saying_where_it_looked() throws Exception {
        CheckDirectory.Reading reading = CheckDirectory.read(dir.resolve("nope"), LANGUAGE);
        assertThat(reading.problems()).singleElement().extracting(Problem::message).asString()
                .startsWith("no such directory");
    }
}
