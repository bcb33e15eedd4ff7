package org.glassprobe.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.glassprobe.probe.agent.AgentVersion;
import org.glassprobe.probe.agent.ProbeIdentity;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.faults.FaultMode;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.ResultJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line, in-process, against the real demo site: output and exit codes. */
class ProbeCliTest {
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

    @AfterEach
    void clearFaults() {
        site.clearFault();
    }

    private record Outcome(int exit, String out, String err) {}

    private static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (ProbeCli.Wiring wiring = ProbeCli.Wiring.standard()) {
            exit = ProbeCli.execute(wiring, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String example(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    @Test
    void passing_check_prints_a_table_and_exits_0() {
        Outcome o = cli("run", example("image-roundtrip-http.yaml"), "--var", "target=" + site.baseUrl());

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
        assertThat(o.out()).startsWith("✓ image-roundtrip-http passed in ")
                .contains("step", "status", "total ms", "resolve", "connect", "tls", "processing", "transfer")
                .contains("✓ upload", "✓ retrieve", "✓ [STATUS] == 201", "✓ [HEADER].content-type == image/png")
                .contains("✓ integrity: same bytes as images/glassprobe.png uploaded by \"upload\"")
                .contains("captured image_url = /images/");
    }

    @Test
    void a_script_without_a_page_starts_no_browser_and_shows_its_phases_and_variables(@TempDir Path dir)
            throws Exception {
        Path script = Files.writeString(dir.resolve("Health.java"), """
                /*---
                name: health-script
                retries: 0
                variables: {target: ~}
                ---*/
                import okhttp3.*;
                import org.glassprobe.scenarios.script.*;

                public class Health implements Scenario {
                    public void run(ScenarioContext ctx) throws Exception {
                        ctx.step("health", () -> {
                            try (Response r = ctx.http().newCall(new Request.Builder()
                                    .url(ctx.var("target") + "/health").build()).execute()) {
                                ctx.check("[STATUS] == 200", r.code() == 200, r.code());
                            }
                        });
                    }
                }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProbeCli.Wiring wiring = ProbeCli.Wiring.standard()) {
            int exit = ProbeCli.execute(wiring, new String[] {"run", script.toString(), "--var",
                "target=" + site.baseUrl()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(0);
            assertThat(wiring.browsers().chromiumPid()).as("no Chromium for a script that never asks").isEmpty();
        }
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("variables: target = " + site.baseUrl() + " (command-line)");
        String row = table.lines().filter(l -> l.startsWith("  ✓ health ")).findFirst().orElseThrow();
        assertThat(row).as("the script step's phases, as an HTTP step's").doesNotContain(" - ")
                .matches(".*200(\\s+\\d+\\.\\d\\d){6}\\s*");
    }

    /**
     * The DNS example against a name server of the test's on loopback: one that answers every
     * query with the address the example expects (dnsjava writes the answer), then none at all.
     */
    @Test
    void dns_example_prints_its_answer_and_query_time_and_a_missing_server_fails_as_dns() throws Exception {
        try (java.net.DatagramSocket server = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0))) {
            Thread answering = new Thread(() -> {
                byte[] buffer = new byte[512];
                while (!server.isClosed()) {
                    try {
                        java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
                        server.receive(packet);
                        org.xbill.DNS.Message query = new org.xbill.DNS.Message(
                                java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                        org.xbill.DNS.Message answer = new org.xbill.DNS.Message(query.getHeader().getID());
                        answer.getHeader().setFlag(org.xbill.DNS.Flags.QR);
                        answer.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
                        answer.addRecord(new org.xbill.DNS.ARecord(query.getQuestion().getName(),
                                org.xbill.DNS.DClass.IN, 60, java.net.InetAddress.getByName("192.0.2.10")),
                                org.xbill.DNS.Section.ANSWER);
                        byte[] wire = answer.toWire();
                        server.send(new java.net.DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            String resolver = "127.0.0.1:" + server.getLocalPort();

            Outcome o = cli("run", example("dns.yaml"), "--var", "resolver=" + resolver);

            assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
            assertThat(o.out()).startsWith("✓ dns-www passed in ")
                    .contains("QUERY dns://" + resolver + "/www.example.test?type=A")
                    .contains("✓ [DNS_RCODE] == NOERROR", "✓ [BODY] == 192.0.2.10")
                    .contains("NOERROR from " + resolver + " over UDP: 192.0.2.10");
            String row = o.out().lines().filter(l -> l.startsWith("  ✓ dns ")).findFirst().orElseThrow();
            assertThat(row).as("the query time is the resolve phase").matches(
                    "  ✓ dns\\s+-\\s+(\\d+\\.\\d\\d)\\s+\\1\\s+0\\.00\\s+0\\.00\\s+0\\.00\\s+0\\.00\\s*");
        }
        int closed;
        try (java.net.DatagramSocket gone = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0))) {
            closed = gone.getLocalPort();
        }
        Outcome failed = cli("run", example("dns.yaml"), "--var", "resolver=127.0.0.1:" + closed);
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).startsWith("✗ dns-www FAILED (dns) in ")
                .endsWith("✗ dns in step \"dns\": cannot ask 127.0.0.1:" + closed + " for www.example.test A: port"
                        + " unreachable over UDP (is a DNS server listening there?)\n");
    }

    @Test
    void failing_check_names_the_condition_and_exits_1() {
        site.setFault(FaultMode.DOWN, 0);

        Outcome o = cli("run", example("ping.yaml"), "--var", "target=" + site.baseUrl());

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out()).startsWith("✗ demo-health FAILED (status) in ")
                .contains("on attempt 2 of 2")
                .contains("attempt 1 failed (status in http): condition [STATUS] == 200 failed: actual \"503\"")
                .contains("✗ [STATUS] == 200")
                .contains("actual: 503")
                .endsWith("✗ status in step \"http\": condition [STATUS] == 200 failed: actual \"503\" (and 1 more"
                        + " condition failed)\n");
    }

    @Test
    void piped_output_has_no_progress_lines() {
        Outcome o = cli("run", example("image-roundtrip-http.yaml"), "--var", "target=" + site.baseUrl());

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
        assertThat(o.out() + o.err()).doesNotContain("\r", "\033", "attempt 1 of", ": step ");
        assertThat(o.out()).startsWith("✓ image-roundtrip-http passed in ");
    }

    @Test
    void progress_names_each_step_and_attempt_and_is_erased_before_the_result() {
        Outcome o = cli("run", example("image-roundtrip-http.yaml"), "--var", "target=" + site.baseUrl(), "--progress");

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
        assertThat(o.out()).contains(ProgressLine.ERASE + "… image-roundtrip-http: step upload · attempt 1 of 2 · ",
                ProgressLine.ERASE + "… image-roundtrip-http: step retrieve · attempt 1 of 2 · ");
        String left = o.out().substring(o.out().lastIndexOf(ProgressLine.ERASE) + ProgressLine.ERASE.length());
        assertThat(left).startsWith("✓ image-roundtrip-http passed in ").doesNotContain("\r");
    }

    @Test
    void json_has_no_progress_even_when_asked() throws Exception {
        Outcome o = cli("run", example("ping.yaml"), "--var", "target=" + site.baseUrl(), "--json", "--progress");

        assertThat(o.exit()).isEqualTo(0);
        assertThat(o.out()).doesNotContain("\r", "\033");
        assertThat(ResultJson.fromJson(o.out()).ok()).isTrue();
    }

    @ParameterizedTest(name = "asked {0}, json {1}, terminal {2} -> {3}")
    @CsvSource(nullValues = "auto", value = {
        "auto,  false, true,  true",
        "auto,  false, false, false",
        "true,  false, false, true",
        "false, false, true,  false",
        "auto,  true,  true,  false",
        "true,  true,  true,  false",
    })
    void progress_shows_on_a_terminal_or_when_asked_and_never_in_json(Boolean asked, boolean json, boolean terminal,
            boolean shown) {
        assertThat(RunCommand.showsProgress(java.util.Optional.ofNullable(asked), json, terminal)).isEqualTo(shown);
    }

    @Test
    void progress_line_says_step_attempt_and_elapsed() {
        assertThat(ProgressLine.line("c", "starting", false, 0, 0, java.time.Duration.ofMillis(40)))
                .isEqualTo("… c: starting · 0.0 s");
        assertThat(ProgressLine.line("c", "upload", false, 2, 3, java.time.Duration.ofMillis(1250)))
                .isEqualTo("… c: step upload · attempt 2 of 3 · 1.3 s");
        assertThat(ProgressLine.line("c", "delete", true, 1, 1, java.time.Duration.ofSeconds(12)))
                .isEqualTo("… c: clean-up step delete · attempt 1 of 1 · 12.0 s");
    }

    @Test
    void json_output_is_the_wire_format() throws Exception {
        Outcome o = cli("run", example("ping.yaml"), "--var", "target=" + site.baseUrl(), "--json");

        assertThat(o.exit()).isEqualTo(0);
        CheckResult result = ResultJson.fromJson(o.out());
        assertThat(result.check()).isEqualTo("demo-health");
        assertThat(result.ok()).isTrue();
        assertThat(result.steps().get(0).status()).isEqualTo(200);
    }

    @Test
    void run_plays_both_parts_of_a_journey_writing_then_reading_what_it_wrote() throws Exception {
        Outcome o = cli("run", example("image-propagation.yaml"), "--var", "target=" + site.baseUrl());

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
        assertThat(o.out()).contains("✓ upload", "journey: wrote " + site.baseUrl() + "/images/", "✓ read",
                "✓ [PROPAGATION] < 10s", "✓ integrity: same bytes as images/glassprobe.png uploaded by \"upload\"")
                .containsPattern("journey: read " + java.util.regex.Pattern.quote(site.baseUrl())
                        + "/images/\\w+ [0-9.]+ ms after its upload");

        Outcome json = cli("run", example("image-propagation.yaml"), "--var", "target=" + site.baseUrl(), "--json");
        assertThat(json.exit()).isEqualTo(0);
        com.fasterxml.jackson.databind.JsonNode both = ResultJson.newMapper().readTree(json.out());
        assertThat(both.isArray()).isTrue();
        assertThat(both.get(0).path("journey").path("role").asText()).isEqualTo("writer");
        assertThat(both.get(1).path("journey").path("role").asText()).isEqualTo("reader");
        assertThat(both.get(1).path("journey").path("object").path("id").asText())
                .isEqualTo(both.get(0).path("id").asText());
        assertThat(both.get(1).path("journey").path("propagationMs").isNumber()).isTrue();
    }

    @Test
    void json_output_of_a_refused_connection_says_connect() throws Exception {
        site.setFault(FaultMode.REFUSE, 0);

        Outcome o = cli("run", example("ping.yaml"), "--var", "target=" + site.baseUrl(), "--json");

        assertThat(o.exit()).isEqualTo(1);
        assertThat(ResultJson.fromJson(o.out()).error().kind()).isEqualTo(ErrorKind.CONNECT);
    }

    @Test
    void browser_check_runs_in_chromium_and_prints_the_browsers_timings(@TempDir Path artifacts) {
        Outcome o = cli("run", example("image-roundtrip-browser.yaml"), "--var", "target=" + site.baseUrl(),
                "--artifacts", artifacts.toString());

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
        assertThat(o.out()).startsWith("✓ image-roundtrip-browser passed in ")
                .contains("✓ open", "✓ choose-file", "✓ submit", "✓ displayed")
                .containsPattern("browser timings \\(ms\\): dns [0-9.]+, connect [0-9.]+, tls [0-9.]+, ttfb [0-9.]+,"
                        + " domContentLoaded [0-9.]+, load [0-9.]+")
                .contains("✓ integrity: same bytes as images/glassprobe.png uploaded by \"choose-file\"");
    }

    @Test
    void failed_browser_check_names_its_screenshot_and_trace(@TempDir Path artifacts) throws Exception {
        site.setFault(FaultMode.CORRUPT, 0);

        Outcome o = cli("run", example("image-roundtrip-browser.yaml"), "--var", "target=" + site.baseUrl(),
                "--artifacts", artifacts.toString(), "--json");

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(1);
        CheckResult result = ResultJson.fromJson(o.out());
        assertThat(result.error().kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(result.steps().get(3).artifacts()).extracting(a -> a.type()).containsExactly("screenshot", "trace");
        assertThat(result.steps().get(3).artifacts()).allSatisfy(a ->
                assertThat(Path.of(a.path())).startsWith(artifacts).hasParent(artifacts).isRegularFile());
    }

    @Test
    void default_artifact_directory_follows_xdg() {
        assertThat(RunCommand.defaultArtifacts(name -> name.equals("XDG_STATE_HOME") ? "/var/lib/probe" : null))
                .isEqualTo(Path.of("/var/lib/probe/glassprobe/artifacts"));
        assertThat(RunCommand.defaultArtifacts(name -> null))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/glassprobe/artifacts"));
    }

    @Test
    void java_scenario_script_runs_and_prints_its_steps() {
        Outcome o = cli("run", example("ImageRoundTrip.java"), "--var", "target=" + site.baseUrl());

        assertThat(o.exit()).as(o.out() + o.err()).isEqualTo(0);
        assertThat(o.out()).startsWith("✓ image-roundtrip-java passed in ")
                .contains("✓ open", "✓ upload", "✓ displayed", "✓ retrieve", "✓ [STATUS] == 200")
                .doesNotContain("not run");
    }

    @Test
    void script_with_a_compile_error_exits_2_with_the_compilers_message_and_line(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Broken.java"), """
                /*---
                name: broken
                ---*/
                import org.glassprobe.scenarios.script.*;
                public class Broken implements Scenario {
                    public void run(ScenarioContext ctx) {
                        ctx.step("one", () -> undefinedVariable.toString());
                    }
                }
                """);

        Outcome run = cli("run", file.toString());
        Outcome validate = cli("validate", file.toString());

        String message = file + ":7:31: cannot find symbol (symbol: variable undefinedVariable, location: class"
                + " Broken)\n";
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(message);
        assertThat(run.out()).isEmpty();
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(message);
    }

    @Test
    void invalid_file_prints_its_problems_and_exits_2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: x\nkind: ping\ninterval: often\nhttp: {url: \"http://127.0.0.1:1/\"}\n");

        Outcome run = cli("run", file.toString());
        Outcome validate = cli("validate", file.toString());

        String message = file + ":3:11: interval: \"often\" is not a duration; write a number and a unit (ms, s, m, h, d),"
                + " e.g. 500ms, 30s, 5m, 1h30m\n";
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(message);
        assertThat(run.out()).isEmpty();
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(message);
    }

    @Test
    void the_probe_runs_every_step_kind_the_language_reads() {
        try (ProbeCli.Wiring wiring = ProbeCli.Wiring.standard()) {
            assertThat(wiring.executors().kinds()).containsExactlyInAnyOrderElementsOf(wiring.language().stepKinds());
        }
    }

    @Test
    void validate_accepts_every_example() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("validate"),
                    files.map(Path::toString).filter(f -> f.endsWith(".yaml") || f.endsWith(".java")).sorted())
                    .toArray(String[]::new);
            assertThat(args).anyMatch(a -> a.endsWith("ImageRoundTrip.java"));
            Outcome o = cli(args);
            assertThat(o.exit()).as(o.err()).isEqualTo(0);
            assertThat(o.out().lines()).hasSize(args.length - 1).allMatch(l -> l.startsWith("ok  "));
        }
    }

    /**
     * Every YAML block of the check language's docs and of the README is a whole check that
     * {@code validate} accepts, read beside the examples' images (its files resolve as a user's would).
     */
    @Test
    void validate_accepts_every_yaml_block_in_the_docs(@TempDir Path dir) throws Exception {
        Path root = EXAMPLES.getParent().getParent();
        Files.createDirectories(dir.resolve("images"));
        try (var images = Files.list(EXAMPLES.resolve("images"))) {
            for (Path image : images.toList()) {
                Files.copy(image, dir.resolve("images").resolve(image.getFileName()));
            }
        }
        List<String> args = new java.util.ArrayList<>(List.of("validate"));
        for (String doc : List.of("docs/check-language.md", "README.md")) {
            java.util.regex.Matcher block = java.util.regex.Pattern.compile("(?s)```yaml\\n(.*?)```")
                    .matcher(Files.readString(root.resolve(doc)));
            int n = 0;
            while (block.find()) {
                Path file = dir.resolve(doc.replace('/', '-').replace(".md", "") + "-" + ++n + ".yaml");
                Files.writeString(file, block.group(1));
                args.add(file.toString());
            }
        }
        assertThat(args).as("the check language's docs show checks").hasSizeGreaterThan(5);
        Outcome o = cli(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.err()).isEqualTo(0);
        assertThat(o.out().lines()).hasSize(args.size() - 1).allMatch(l -> l.startsWith("ok  "));
    }

    @Test
    void missing_file_and_wrong_extension_exit_2(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("check.txt"), "name: x");

        assertThat(cli("run", dir.resolve("nope.yaml").toString()).err()).contains("nope.yaml: no such file");
        assertThat(cli("validate", text.toString()).exit()).isEqualTo(2);
        assertThat(cli("validate", text.toString()).err()).contains("glassprobe reads checks from .yaml or .yml files");
    }

    @Test
    void a_required_variable_left_unset_exits_2(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("needs.yaml"),
                "name: x\nkind: ping\nvariables: {target: ~}\nhttp: {url: \"${target}/health\"}\n");

        Outcome o = cli("run", file.toString());

        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).isEqualTo(file + ": variable target has no value; give --var target=VALUE or a default"
                + " under variables\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "validate", "enrol", "agent"})
    void every_command_prints_its_usage_for_help_and_exits_0(String command) {
        Outcome o = cli(command, "--help");

        assertThat(o.exit()).as(o.err()).isEqualTo(0);
        assertThat(o.out()).startsWith("Usage: glassprobe-probe " + command + " ").contains("-h, --help");
        assertThat(o.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "run --version", "agent --version"})
    void version_is_the_one_heartbeats_report(String args) {
        Outcome o = cli(args.split(" "));

        assertThat(o.exit()).as(o.err()).isEqualTo(0);
        assertThat(o.out()).isEqualTo("glassprobe-probe " + AgentVersion.get() + System.lineSeparator());
    }

    @Test
    void completion_prints_a_bash_script_that_completes_the_commands(@TempDir Path dir) throws Exception {
        Outcome o = cli("completion");
        Path script = Files.writeString(dir.resolve("glassprobe-probe.bash"), o.out());

        assertThat(o.exit()).as(o.err()).isEqualTo(0);
        assertThat(bash("bash", "-n", script.toString())).isEqualTo("");
        String registered = bash("bash", "-c", "source '" + script + "' && complete -p glassprobe-probe");
        assertThat(registered).startsWith("complete ").endsWith(" glassprobe-probe\n");
        // a completion function called outside a completion: its compopt complains on stderr
        String function = registered.replaceAll("(?s).*-F (\\S+).*", "$1");
        String offered = bash("bash", "-c", "source '" + script + "' && COMP_WORDS=(glassprobe-probe ru)"
                + " && COMP_CWORD=1 && COMP_LINE='glassprobe-probe ru' && COMP_POINT=${#COMP_LINE} && " + function
                + " 2>/dev/null && echo \"${COMPREPLY[*]}\"");
        assertThat(offered.trim()).isEqualTo("run");
        String options = bash("bash", "-c", "source '" + script + "' && COMP_WORDS=(glassprobe-probe run --j)"
                + " && COMP_CWORD=2 && COMP_LINE='glassprobe-probe run --j' && COMP_POINT=${#COMP_LINE} && "
                + function + " 2>/dev/null && echo \"${COMPREPLY[*]}\"");
        assertThat(options.trim()).isEqualTo("--json");
    }

    /** Runs a command, fails unless it exits 0, and returns its standard output. */
    private static String bash(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isEqualTo(0);
        return output;
    }

    @Test
    void bad_arguments_exit_2_with_usage() {
        Outcome noFile = cli("run");
        Outcome badVar = cli("run", example("ping.yaml"), "--var", "novalue");

        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("Missing required parameter: 'FILE'");
        assertThat(badVar.exit()).isEqualTo(2);
        assertThat(badVar.err()).contains("novalue");
    }

    @Test
    void agent_names_a_bad_config_value_by_file_line_and_key_and_a_bad_flag_by_the_flag(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        new ProbeIdentity("http://127.0.0.1:1", "p1", "eu-west", "t", Instant.EPOCH).write(data);
        Path config = Files.writeString(dir.resolve("probe.yaml"), "data: " + data + "\nworkers: 0\n");

        Outcome badFile = cli("agent", "--config", config.toString());
        Outcome badFlag = cli("agent", "--data", data.toString(), "--workers", "0");
        Outcome badDuration = cli("agent", "--data", data.toString(), "--pull-interval", "0s");

        assertThat(badFile.exit()).isEqualTo(2);
        assertThat(badFile.err()).isEqualTo("agent: " + config + ":2:10: workers: '0' is out of range; allowed: 1 to"
                + " 1000\n");
        assertThat(badFlag.exit()).isEqualTo(2);
        assertThat(badFlag.err()).isEqualTo("agent: --workers 0 is out of range; allowed: 1 to 1000\n");
        assertThat(badDuration.err()).isEqualTo("agent: --pull-interval \"0s\" is not a duration; write e.g. 500ms,"
                + " 10s, 1m\n");
        Outcome badConfirmations = cli("agent", "--data", data.toString(), "--max-confirmations-per-minute", "-1");
        assertThat(badConfirmations.exit()).isEqualTo(2);
        assertThat(badConfirmations.err()).isEqualTo("agent: --max-confirmations-per-minute -1 is out of range;"
                + " allowed: 0 to 6000\n");
        Outcome badApi = cli("agent", "--data", data.toString(), "--api", "http://api-1:8080", "--api", "api-2");
        assertThat(badApi.exit()).isEqualTo(2);
        assertThat(badApi.err()).isEqualTo("agent: --api \"http://api-1:8080,api-2\" has an address (number 2,"
                + " \"api-2\") that is not an http or https URL; write the results API's address in full, e.g."
                + " http://127.0.0.1:8080; separate several with commas\n");
    }
}
