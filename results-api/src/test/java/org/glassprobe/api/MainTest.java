package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API's command line: what each argument asks for, what it prints where, and the exit status. */
class MainTest {
    private record Outcome(Main.Args args, String out, String err) {}

    private static Outcome parse(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Args parsed = Main.parseArgs(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(parsed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void version_prints_the_version_to_stdout_and_exits_0() {
        Outcome o = parse("--version");

        assertThat(o.args()).isEqualTo(new Main.Args.Exit(0));
        assertThat(o.out()).isEqualTo("glassprobe-api " + Main.version() + System.lineSeparator());
        assertThat(o.err()).isEmpty();
    }

    @Test
    void help_prints_usage_to_stdout_and_exits_0() {
        Outcome o = parse("--config", "api.yaml", "--help");

        assertThat(o.args()).isEqualTo(new Main.Args.Exit(0));
        assertThat(o.out()).startsWith("usage: java -jar glassprobe-api.jar [--config FILE] | --help | --version");
        assertThat(o.err()).isEmpty();
    }

    @Test
    void an_unknown_argument_exits_2_with_usage_on_stderr() {
        Outcome o = parse("--verbose");

        assertThat(o.args()).isEqualTo(new Main.Args.Exit(2));
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).startsWith("glassprobe-api: unknown argument '--verbose'").contains("usage: ");
    }

    @Test
    void config_in_either_form_serves_with_that_file() {
        assertThat(parse("--config", "api.yaml").args()).isEqualTo(new Main.Args.Serve(Optional.of(Path.of("api.yaml"))));
        assertThat(parse("--config=api.yaml").args()).isEqualTo(new Main.Args.Serve(Optional.of(Path.of("api.yaml"))));
        assertThat(parse().args()).isEqualTo(new Main.Args.Serve(Optional.empty()));
    }
}
