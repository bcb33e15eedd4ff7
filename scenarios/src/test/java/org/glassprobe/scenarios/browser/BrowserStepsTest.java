package org.glassprobe.scenarios.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.faults.FaultMode;
import org.glassprobe.scenarios.TestChecks;
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

/** Browser steps in Debian's Chromium against the demo site over loopback; one browser for the class. */
class BrowserStepsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
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

    @Test
    void the_browser_example_uploads_through_the_page_and_proves_the_displayed_image() throws Exception {
        CheckResult result = run(TestChecks.example("image-roundtrip-browser.yaml"));

        assertThat(result.ok()).as("%s", result).isTrue();
        assertThat(result.steps()).extracting(StepResult::name)
                .containsExactly("open", "choose-file", "submit", "displayed", "details");
        StepResult open = result.steps().get(0);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.timings()).containsKeys("dns", "connect", "tls", "ttfb", "domContentLoaded", "load");
        assertThat(open.timings().get("load")).isGreaterThan(0).isLessThan(open.durationMs() + 50);
        StepResult submit = result.steps().get(2);
        assertThat(submit.request().url()).contains("/?image=");
        assertThat(submit.status()).isEqualTo(200);
        assertThat(submit.timings()).containsKeys("ttfb", "load");
        StepResult displayed = result.steps().get(3);
        assertThat(displayed.integrity().ok()).isTrue();
        assertThat(displayed.integrity().actual().sha256()).isEqualTo(
                "f4a735b3a6dd331e6b5fa5492099bb28f21ba144f584083b292ebfc3f0538109");
        assertThat(displayed.conditions()).extracting(c -> c.condition() + " " + c.ok())
                .containsExactly("\"#uploaded-image\" is visible true", "image loaded (naturalWidth > 0) true");
        assertThat(result.steps()).allSatisfy(s -> assertThat(s.artifacts()).isEmpty());
    }

    @Test
    void corrupted_image_fails_with_integrity_and_the_confirming_retry_leaves_a_screenshot_and_a_trace()
            throws Exception {
        site.setFault(FaultMode.CORRUPT);

        CheckResult result = runner.run(TestChecks.example("image-roundtrip-browser.yaml"),
                RunOptions.defaults().withVariables(Map.of("target", site.baseUrl())));

        assertThat(result.attempt()).isEqualTo(2);
        assertThat(result.earlierAttempts()).singleElement().satisfies(first -> {
            assertThat(first.error().kind()).isEqualTo(ErrorKind.INTEGRITY);
            assertThat(first.steps().get(3).artifacts()).extracting(StepResult.Artifact::type)
                    .containsExactly("screenshot");
        });
        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(result.error().step()).isEqualTo("displayed");
        StepResult displayed = result.steps().get(3);
        assertThat(displayed.artifacts()).extracting(StepResult.Artifact::type).containsExactly("screenshot", "trace");
        StepResult.Artifact screenshot = displayed.artifacts().get(0);
        byte[] png = Files.readAllBytes(Path.of(screenshot.path()));
        assertThat(png.length).isEqualTo(screenshot.size()).isGreaterThan(1000);
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
        StepResult.Artifact trace = displayed.artifacts().get(1);
        assertThat(Path.of(trace.path())).isRegularFile().hasFileName(trace.path().substring(
                trace.path().lastIndexOf('/') + 1));
        assertThat(Files.size(Path.of(trace.path()))).isEqualTo(trace.size()).isGreaterThan(1000);
        assertThat(Path.of(trace.path()).getParent()).isEqualTo(artifacts);
    }

    @Test
    void an_expect_that_never_holds_fails_at_its_timeout_with_the_condition_and_the_actual_value() throws Exception {
        Check check = TestChecks.parse("""
                name: wrong-expectation
                kind: scenario
                timeout: 10s
                interval: 30s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                steps:
                  - name: open
                    goto: ${target}/
                  - name: form
                    timeout: 1s
                    expect:
                      selector: "#upload-button"
                      text: Download
                      attribute: {type: submit}
                """);

        CheckResult result = run(check);

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.CONDITION);
        assertThat(result.error().step()).isEqualTo("form");
        assertThat(result.error().message()).isEqualTo("condition text contains \"Download\" failed: actual \"Upload\"");
        StepResult form = result.steps().get(1);
        assertThat(form.conditions()).extracting(c -> c.condition() + " " + c.ok() + " " + c.actual())
                .containsExactly("\"#upload-button\" is visible true visible",
                        "text contains \"Download\" false Upload", "attribute type == \"submit\" true submit");
        assertThat(form.durationMs()).isBetween(900.0, 1600.0);
    }

    @Test
    void a_missing_selector_fails_at_the_steps_timeout_naming_step_and_selector() throws Exception {
        Check check = TestChecks.parse("""
                name: missing-selector
                kind: scenario
                timeout: 10s
                interval: 30s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                steps:
                  - name: open
                    goto: ${target}/
                  - name: press
                    timeout: 2s
                    click: "#no-such-button"
                """);

        long start = System.nanoTime();
        CheckResult result = run(check);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(result.error().step()).isEqualTo("press");
        assertThat(result.error().message())
                .isEqualTo("no element matched selector \"#no-such-button\" within the step's timeout of 2s");
        StepResult press = result.steps().get(1);
        assertThat(press.durationMs()).isBetween(1900.0, 2600.0);
        assertThat(took).isLessThan(Duration.ofSeconds(9));
    }

    @Test
    void a_refused_connection_reads_as_in_an_http_or_tcp_step() throws Exception {
        int closed; // a port nothing listens on (port 1 is one Chromium refuses to try at all)
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String where = "127.0.0.1:" + closed;
        Check browser = TestChecks.parse("name: b\nkind: scenario\nretries: 0\nsteps:\n"
                + "  - goto: http://" + where + "/\n");
        Check http = TestChecks.parse("name: h\nkind: ping\nretries: 0\nhttp: {url: \"http://" + where + "/\"}\n");
        Check tcp = TestChecks.parse("name: t\nkind: ping\nretries: 0\ntcp: {host: 127.0.0.1, port: " + closed + "}\n"
                + "expect: [\"[CONNECTED] == true\"]\n");

        CheckResult fromBrowser = runner.run(browser, RunOptions.defaults().withoutRetries());
        String same = "cannot connect to " + where + ": Connection refused";
        assertThat(fromBrowser.error().kind()).as(fromBrowser.error().message()).isEqualTo(ErrorKind.CONNECT);
        assertThat(fromBrowser.error().message()).startsWith(same + " (the browser: net::ERR_CONNECTION_REFUSED)");
        assertThat(runner.run(http, RunOptions.defaults().withoutRetries()).error().message()).isEqualTo(same);
        assertThat(runner.run(tcp, RunOptions.defaults().withoutRetries()).error().message()).isEqualTo(same);
    }
}
