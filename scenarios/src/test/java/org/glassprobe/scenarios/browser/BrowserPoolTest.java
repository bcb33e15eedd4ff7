package org.glassprobe.scenarios.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.OptionalLong;
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

/** The probe's browser lifecycle with real Chromium processes: replaced when killed, nothing left behind. */
class BrowserPoolTest {
    private static DemoSite site;

    @BeforeAll
    static void start() {
        site = DemoSite.start(DemoSiteOptions.ephemeral());
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @AfterEach
    void clearFault() {
        site.clearFault();
    }

    private static CheckResult run(CheckRunner runner, Check check) throws Exception {
        return runner.run(check, RunOptions.defaults().withVariables(Map.of("target", site.baseUrl())).withoutRetries());
    }

    /** Chromium processes under this JVM (the browser glassprobe started and every process it started). */
    private static long chromiumProcesses() {
        return chromium().count();
    }

    private static Stream<ProcessHandle> chromium() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("chromium")).orElse(false));
    }

    /** Whether every one of these processes has ended (one re-parented away from this JVM included). */
    private static boolean allEnded(Set<Long> pids) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            if (pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The count once it has not changed for half a second (processes of a closed page take a moment to exit). */
    private static long stableChromiumProcesses() throws InterruptedException {
        long count = chromiumProcesses();
        int same = 0;
        while (same < 5) {
            Thread.sleep(100);
            long now = chromiumProcesses();
            same = now == count ? same + 1 : 0;
            count = now;
        }
        return count;
    }

    private static long settledChromiumProcesses(long expected) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long count = chromiumProcesses();
        while (count != expected && System.nanoTime() < until) {
            Thread.sleep(100);
            count = chromiumProcesses();
        }
        return count;
    }

    @Test
    void a_missing_chromium_fails_the_step_with_kind_probe_naming_the_path() throws Exception {
        Path nowhere = Path.of("/nonexistent/glassprobe/chromium");
        try (BrowserPool browsers = new BrowserPool(BrowserSettings.defaults().withChromium(nowhere), Clock.systemUTC());
             CheckRunner runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), browsers),
                     Clock.systemUTC())) {
            CheckResult result = run(runner, TestChecks.example("image-roundtrip-browser.yaml"));

            assertThat(result.ok()).isFalse();
            assertThat(result.error().kind()).isEqualTo(ErrorKind.PROBE);
            assertThat(result.error().step()).isEqualTo("open");
            assertThat(result.error().message()).isEqualTo("glassprobe cannot start its browser: there is no Chromium"
                    + " at " + nowhere + "; install Debian's (apt-get install chromium) or set GLASSPROBE_CHROMIUM to"
                    + " its path");
        }
    }

    @Test
    void two_attempts_at_once_each_have_a_context_in_the_one_chromium() throws Exception {
        Check check = TestChecks.example("image-roundtrip-browser.yaml");
        try (BrowserPool browsers = new BrowserPool(BrowserSettings.defaults().withMaxContexts(2), Clock.systemUTC());
             CheckRunner runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), browsers),
                     Clock.systemUTC())) {
            browsers.warm(Duration.ofSeconds(20));
            site.setFault(FaultMode.SLOW, 1000);
            CompletableFuture<CheckResult> other = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(runner, check);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            CheckResult mine = run(runner, check);
            CheckResult theirs = other.get(60, TimeUnit.SECONDS);

            assertThat(mine.ok()).as("%s", mine.error()).isTrue();
            assertThat(theirs.ok()).as("%s", theirs.error()).isTrue();
            assertThat(mine.steps().get(0).durationMs()).isGreaterThan(1000);
            assertThat(theirs.steps().get(0).durationMs()).isGreaterThan(1000);
            // The browser process is the Chromium whose parent is not Chromium (the rest are its helpers).
            long browserProcesses = chromium()
                    .filter(p -> p.parent().flatMap(parent -> parent.info().command())
                            .map(c -> !c.contains("chromium")).orElse(true))
                    .count();
            assertThat(browserProcesses).as("Chromium browser processes (not helpers)").isEqualTo(1);
        }
    }

    @Test
    void beyond_the_bound_of_contexts_an_attempt_waits_and_fails_with_kind_probe_at_its_deadline() throws Exception {
        Check slowPage = TestChecks.parse("""
                name: holds-the-context
                kind: scenario
                timeout: 8s
                interval: 30s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                steps:
                  - goto: ${target}/
                """);
        Check quick = TestChecks.parse("""
                name: waits-for-a-context
                kind: scenario
                timeout: 1s
                interval: 30s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                steps:
                  - goto: ${target}/health
                """);
        try (BrowserPool browsers = new BrowserPool(BrowserSettings.defaults().withMaxContexts(1), Clock.systemUTC());
             CheckRunner runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), browsers),
                     Clock.systemUTC())) {
            browsers.warm(Duration.ofSeconds(20));
            site.setFault(FaultMode.SLOW, 3000);
            CompletableFuture<CheckResult> holding = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(runner, slowPage);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);

            CheckResult waited = run(runner, quick);

            assertThat(waited.ok()).isFalse();
            assertThat(waited.error().kind()).isEqualTo(ErrorKind.PROBE);
            assertThat(waited.error().message()).isEqualTo("all 1 browser contexts of this probe stayed busy until"
                    + " the deadline; run fewer browser checks at once or raise GLASSPROBE_BROWSER_CONTEXTS");
            assertThat(holding.get(20, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void chromium_killed_between_runs_is_replaced_and_the_next_run_passes() throws Exception {
        Check check = TestChecks.example("image-roundtrip-browser.yaml");
        try (BrowserPool browsers = new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC());
             CheckRunner runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), browsers),
                     Clock.systemUTC())) {
            assertThat(run(runner, check).ok()).isTrue();
            long pid = browsers.chromiumPid().orElseThrow();
            ProcessHandle chromium = ProcessHandle.of(pid).orElseThrow();

            chromium.destroyForcibly();
            chromium.onExit().get();
            CheckResult next = run(runner, check);

            assertThat(next.ok()).as("%s", next.error()).isTrue();
            assertThat(browsers.chromiumPid()).isPresent().isNotEqualTo(OptionalLong.of(pid));
        }
    }

    @Test
    void a_hanging_site_ends_the_run_at_its_deadline_and_leaves_no_browser_processes(@TempDir Path artifacts)
            throws Exception {
        long before = chromiumProcesses();
        Set<Long> seen = new HashSet<>();
        Check check = TestChecks.parse("""
                name: hang
                kind: scenario
                timeout: 3s
                interval: 30s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                steps:
                  - name: open
                    goto: ${target}/
                """);
        try (BrowserPool browsers = new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC());
             CheckRunner runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient(), browsers),
                     Clock.systemUTC(), Optional.of(artifacts))) {
            browsers.warm(Duration.ofSeconds(20));
            CheckResult first = run(runner, check);
            assertThat(first.ok()).as("%s", first.error()).isTrue();
            long warm = stableChromiumProcesses();
            chromium().forEach(p -> seen.add(p.pid()));
            site.setFault(FaultMode.HANG);

            long start = System.nanoTime();
            CheckResult hung = run(runner, check);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(hung.ok()).isFalse();
            assertThat(hung.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(hung.error().step()).isEqualTo("open");
            assertThat(hung.error().message()).isEqualTo("the page " + site.baseUrl() + "/ did not reach \"load\""
                    + " within the check's timeout of 3s");
            // The page never loads: the run ends at its deadline (3 s), not at any bound of the server's.
            assertThat(hung.durationMs()).isGreaterThanOrEqualTo(2900.0)
                    .isLessThanOrEqualTo(took.toNanos() / 1e6);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
            assertThat(hung.steps().get(0).artifacts()).extracting(StepResult.Artifact::type)
                    .containsExactly("screenshot");
            assertThat(settledChromiumProcesses(warm)).as("Chromium processes after the hung run").isEqualTo(warm);
            chromium().forEach(p -> seen.add(p.pid()));
        }
        assertThat(settledChromiumProcesses(before)).as("Chromium processes after the pool closed").isEqualTo(before);
        assertThat(seen).hasSizeGreaterThan(3);
        assertThat(allEnded(seen)).as("every Chromium process seen has ended: %s", seen).isTrue();
    }
}
