package org.glassprobe.scenarios.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.faults.FaultMode;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario scripts compiled from .java files, run in real Chromium and over real HTTP against the demo site. */
class ScenarioScriptTest {
    private static DemoSite site;
    private static BrowserPool browsers;
    private static CheckRunner runner;
    @TempDir
    static Path artifacts;

    @BeforeAll
    static void start() {
        site = DemoSite.start(DemoSiteOptions.ephemeral());
        browsers = new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC());
        runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), browsers), Clock.systemUTC(),
                Optional.of(artifacts));
    }

    @AfterAll
    static void stop() {
        runner.close();
        browsers.close();
        site.close();
    }

    @AfterEach
    void clearFault() {
        site.clearFault();
    }

    private static CheckResult run(Check check) throws Exception {
        return runner.run(check, RunOptions.defaults().withVariables(Map.of("target", site.baseUrl())).withoutRetries());
    }

    private static Check script(Path dir, String className, String header, String body) throws Exception {
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, "/*---\n" + header + "---*/\n"
                + "import org.glassprobe.scenarios.script.*;\n"
                + "import okhttp3.*;\n"
                + "public class " + className + " implements Scenario {\n"
                + "    public void run(ScenarioContext ctx) throws Exception {\n"
                + body
                + "    }\n"
                + "}\n");
        return CheckLanguage.standard().load(file);
    }

    @Test
    void the_java_example_passes_with_browser_timings_http_phases_and_integrity() throws Exception {
        CheckResult result = run(TestChecks.example("ImageRoundTrip.java"));

        assertThat(result.ok()).as("%s", result.error()).isTrue();
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("open", "upload", "displayed",
                "retrieve");
        assertThat(result.steps()).extracting(StepResult::kind).containsOnly("script");
        StepResult open = result.steps().get(0);
        assertThat(open.timings()).containsKeys("ttfb", "domContentLoaded", "load");
        assertThat(open.request().url()).isEqualTo(site.baseUrl() + "/");
        StepResult upload = result.steps().get(1);
        assertThat(upload.timings()).containsKey("load");
        assertThat(upload.request().url()).contains("/?image=");
        StepResult displayed = result.steps().get(2);
        assertThat(displayed.integrity().ok()).isTrue();
        assertThat(displayed.integrity().step()).isEqualTo("upload");
        StepResult retrieve = result.steps().get(3);
        assertThat(retrieve.status()).isEqualTo(200);
        assertThat(retrieve.request().url()).startsWith(site.baseUrl() + "/images/");
        assertThat(retrieve.phases().processing()).isGreaterThan(0);
        assertThat(retrieve.phases().connect()).isGreaterThan(0);
        assertThat(retrieve.integrity().ok()).isTrue();
        assertThat(retrieve.conditions()).extracting(c -> c.condition() + " " + c.ok() + " " + c.actual())
                .containsExactly("[STATUS] == 200 true 200");
        assertThat(result.durationMs()).isEqualTo(Math.round(result.steps().stream()
                .mapToDouble(StepResult::durationMs).sum() * 1000.0) / 1000.0);
    }

    @Test
    void corrupted_image_fails_the_java_example_with_integrity_and_a_screenshot() throws Exception {
        site.setFault(FaultMode.CORRUPT);

        CheckResult result = run(TestChecks.example("ImageRoundTrip.java"));

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(result.error().step()).isEqualTo("displayed");
        assertThat(result.error().message()).startsWith("retrieved bytes are not the file images/glassprobe.png"
                + " uploaded by step \"upload\": SHA-256 ");
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("open", "upload", "displayed");
        StepResult displayed = result.steps().get(2);
        assertThat(displayed.artifacts()).extracting(StepResult.Artifact::type).containsExactly("screenshot");
        assertThat(Files.readAllBytes(Path.of(displayed.artifacts().get(0).path()))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void a_script_that_asks_for_no_page_starts_no_browser(@TempDir Path dir) throws Exception {
        try (BrowserPool unused = new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC());
             CheckRunner httpOnly = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), unused),
                     Clock.systemUTC())) {
            Check check = script(dir, "HealthOnly", "name: health only\nvariables: {target: \"http://127.0.0.1:1\"}\n", """
                    ctx.step("health", () -> {
                        try (Response r = ctx.http().newCall(new Request.Builder().url(ctx.var("target") + "/health").build()).execute()) {
                            ctx.check("[BODY] == ok", r.body().string().equals("ok"), "ok");
                        }
                    });
                    """);

            CheckResult result = httpOnly.run(check, RunOptions.defaults()
                    .withVariables(Map.of("target", site.baseUrl())));

            assertThat(result.ok()).as("%s", result.error()).isTrue();
            assertThat(result.steps()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("health");
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.phases().sum()).isGreaterThan(0);
            });
            assertThat(unused.chromiumPid()).isEmpty();
        }
    }

    @Test
    void an_exception_between_steps_fails_the_script_naming_its_line(@TempDir Path dir) throws Exception {
        Check check = script(dir, "Thrower", "name: thrower\n", """
                ctx.step("first", () -> {});
                String nothing = null;
                nothing.length();
                """);

        CheckResult result = run(check);

        assertThat(result.ok()).isFalse();
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("first", "Thrower");
        assertThat(result.error().kind()).isEqualTo(ErrorKind.SCRIPT);
        assertThat(result.error().step()).isEqualTo("Thrower");
        assertThat(result.error().message()).startsWith("java.lang.NullPointerException")
                .endsWith("(at Thrower.java:10)");
    }

    @Test
    void the_deadline_stops_a_script_inside_a_step_and_names_that_step(@TempDir Path dir) throws Exception {
        Check check = script(dir, "Sleeper", "name: sleeper\ntimeout: 1s\nretries: 0\n", """
                ctx.step("quick", () -> {});
                ctx.step("slow", () -> Thread.sleep(60_000));
                ctx.step("never", () -> {});
                """);

        long start = System.nanoTime();
        CheckResult result = run(check);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(result.error().step()).isEqualTo("slow");
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("quick", "slow");
        // Far from the step's 60 s: the deadline stopped it, whatever the machine's load.
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void a_browser_script_against_a_site_that_is_down_reports_what_happened_once(@TempDir Path dir)
            throws Exception {
        // the navigation waits far longer than the check may: what ends it is the check's deadline,
        // and that is what the result says, not the browser torn down after it
        Check check = script(dir, "Opener", "name: opener\ntimeout: 5s\nretries: 0\nvariables: {target: ~}\n", """
                com.microsoft.playwright.Page page = ctx.page();
                ctx.step("open", () -> page.navigate(ctx.var("target") + "/",
                        new com.microsoft.playwright.Page.NavigateOptions().setTimeout(60_000)));
                ctx.step("after", () -> {});
                """);

        browsers.warm(Duration.ofSeconds(60)); // as run and the agent do: Chromium's start is not the check's time
        site.setFault(org.glassprobe.demo.faults.FaultMode.HANG, 0);
        CheckResult hung = run(check);
        assertThat(hung.error().kind()).as(hung.error().toString()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(hung.error().step()).isEqualTo("open");
        assertThat(hung.error().message()).doesNotContain("closed");
        assertThat(hung.steps()).extracting(StepResult::name).containsExactly("open");

        site.clearFault();
        CheckResult refused = runner.run(check, RunOptions.defaults()
                .withVariables(Map.of("target", "http://127.0.0.1:" + closedPort())).withoutRetries());
        assertThat(refused.error().kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(refused.error().message()).startsWith("cannot connect to 127.0.0.1:").contains("Connection refused")
                .doesNotContain("closed");
        assertThat(refused.steps()).extracting(StepResult::name).containsExactly("open");
    }

    /** A loopback port nothing listens on (and that Chromium does not refuse as unsafe, as it does port 1). */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_failed_check_stops_the_step_with_its_condition(@TempDir Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        Check check = script(dir, "Checker", "name: checker\n", """
                ctx.step("count", () -> ctx.check("2 + 2 == 5", 2 + 2 == 5, 2 + 2));
                ctx.step("after", () -> {});
                """);

        CheckResult result = run(check);

        assertThat(result.error().kind()).isEqualTo(ErrorKind.CONDITION);
        assertThat(result.error().message()).isEqualTo("condition 2 + 2 == 5 failed: actual \"4\"");
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("count");
        assertThat(result.steps().get(0).conditions()).singleElement()
                .satisfies(c -> assertThat(c.ok()).isFalse());
        assertThat(seen).isEmpty();
    }

    @Test
    void a_status_condition_and_a_refused_connection_read_the_same_as_in_a_yaml_step(@TempDir Path dir)
            throws Exception {
        site.setFault(org.glassprobe.demo.faults.FaultMode.DOWN, 0);
        Check status = script(dir, "StatusCheck", "name: status\nvariables: {target: ~}\n", """
                ctx.step("health", () -> {
                    try (Response r = ctx.http().newCall(new Request.Builder().url(ctx.var("target") + "/health").build()).execute()) {
                        ctx.check("[STATUS] == 200", r.code() == 200, r.code());
                    }
                });
                """);
        Check yaml = TestChecks.parse("name: y\nkind: ping\nretries: 0\nvariables: {target: ~}\n"
                + "http: {url: \"${target}/health\"}\nexpect: [\"[STATUS] == 200\"]\n");

        CheckResult fromScript = run(status);
        CheckResult fromYaml = run(yaml);
        assertThat(fromScript.error().kind()).isEqualTo(ErrorKind.STATUS).isEqualTo(fromYaml.error().kind());
        assertThat(fromScript.error().message()).isEqualTo(fromYaml.error().message());

        site.clearFault();
        Map<String, String> refused = Map.of("target", "http://127.0.0.1:1");
        CheckResult scriptRefused = runner.run(status, RunOptions.defaults().withVariables(refused).withoutRetries());
        CheckResult yamlRefused = runner.run(yaml, RunOptions.defaults().withVariables(refused).withoutRetries());
        assertThat(yamlRefused.error().message()).isEqualTo("cannot connect to 127.0.0.1:1: Connection refused");
        assertThat(scriptRefused.error().kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(scriptRefused.error().message()).startsWith(yamlRefused.error().message());
    }

    @Test
    void reading_a_variable_the_header_does_not_declare_is_an_error_in_the_file(@TempDir Path dir) {
        assertThatThrownBy(() -> script(dir, "Typo", "name: typo\nvariables: {target: ~}\n", """
                ctx.step("health", () -> ctx.check("set", ctx.var("tagret") != null, ctx.var("run.id")));
                String home = ctx.var("env.HOME");
                """)).isInstanceOf(org.glassprobe.scenarios.parse.InvalidCheckException.class)
                .hasMessage(dir.resolve("Typo.java") + ":9: var(\"tagret\") reads a variable the header does not"
                        + " declare (did you mean \"target\"?); declared: target (declare it under variables in the"
                        + " header, read the probe's environment with var(\"env.NAME\"), or a run value such as"
                        + " var(\"run.id\"))");
    }

    @Test
    void the_api_refuses_the_same_undeclared_variable() throws Exception {
        String text = "/*---\nname: typo\nvariables: {target: ~}\n---*/\n"
                + "import org.glassprobe.scenarios.script.*;\n"
                + "public class Typo implements Scenario {\n"
                + "    public void run(ScenarioContext ctx) { ctx.var(\"tagret\"); }\n"
                + "}\n";
        assertThatThrownBy(() -> CheckLanguage.standard().describe(new Check.Source("Typo.java", text, "java"),
                org.glassprobe.scenarios.parse.FileResolver.none()))
                .hasMessageStartingWith("Typo.java:7: var(\"tagret\") reads a variable the header does not declare");
    }
}
