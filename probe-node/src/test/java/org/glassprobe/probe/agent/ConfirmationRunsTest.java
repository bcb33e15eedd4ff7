package org.glassprobe.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassprobe.probe.command.Command;
import org.glassprobe.probe.command.Confirmations;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.probe.spool.SpoolOptions;
import org.glassprobe.probe.spool.SpoolRecord;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.StepKinds;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Confirmation;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.JourneyPlace;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scheduler.ScheduledRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirmation runs as the agent makes them ({@link Confirmations} over {@link CheckJobs}), against a
 * real site on loopback: what is run, what is spooled, and what is skipped.
 */
class ConfirmationRunsTest {
    @TempDir
    Path dir;

    private HttpServer site;
    private final AtomicInteger hits = new AtomicInteger();
    /** The site holds the first request until this opens (when a test closes it). */
    private volatile CountDownLatch holdFirst = new CountDownLatch(0);
    private volatile int status = 200;
    private BrowserPool browsers;
    private CheckRunner runner;
    private Spool spool;
    private ProbeMetrics metrics;
    private CheckJobs jobs;
    private Confirmations confirmations;

    @BeforeEach
    void start() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        site.setExecutor(Executors.newCachedThreadPool());
        site.createContext("/health", exchange -> {
            if (hits.incrementAndGet() == 1) {
                try {
                    holdFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        site.start();
        Clock clock = Clock.systemUTC();
        browsers = new BrowserPool(BrowserSettings.defaults(), clock);
        runner = new CheckRunner(StepKinds.executors(new StepKinds.Tools(HttpStepExecutor.baseClient(), browsers,
                clock)), clock);
        spool = Spool.open(dir.resolve("spool"), SpoolOptions.defaults());
        metrics = new ProbeMetrics();
        jobs = new CheckJobs(runner, spool, metrics, new Evidence(960, 120 * 1024),
                new CheckJobs.Options(Map.of(), new RunOptions.Probe("p1", "eu-west"), Duration.ofSeconds(1), clock,
                        JourneyPlace.ObjectSource.NONE));
    }

    @AfterEach
    void stop() throws IOException {
        holdFirst.countDown();
        if (confirmations != null) {
            confirmations.close(Duration.ofSeconds(10));
        }
        runner.close();
        spool.close();
        browsers.close();
        site.stop(0);
    }

    private Confirmations confirmations(int perMinute, Check... checks) {
        confirmations = new Confirmations(jobs::runConfirmation, new Confirmations.Options(perMinute, 4, 16), metrics,
                Clock.systemUTC());
        confirmations.checks(List.of(checks));
        return confirmations;
    }

    private Check check(String name, int retries) throws Exception {
        return CheckLanguage.standard().parse(new Check.Source(name + ".yaml", """
                name: %s
                kind: ping
                interval: 10s
                timeout: 5s
                retries: %d
                http: {url: "http://127.0.0.1:%d/health"}
                """.formatted(name, retries, site.getAddress().getPort()), "yaml"), FileResolver.none());
    }

    private static Command confirm(String id, String check, Instant deadline) {
        return new Command(id, check, Confirmation.FAILURE, deadline,
                new Command.Trigger("eu-west-1", "eu-west", "r1", "2026-12-07T12:00:00.000Z"));
    }

    private List<CheckResult> spooled() throws IOException {
        List<CheckResult> results = new ArrayList<>();
        for (SpoolRecord r : spool.peek(1000, 1 << 24)) {
            results.add(ResultJson.fromJson(new String(r.payload(), StandardCharsets.UTF_8)));
        }
        return results;
    }

    private String metricsText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_confirm_command_spools_one_result_marked_with_its_round_and_retried_as_a_scheduled_run() throws Exception {
        status = 500;
        Check home = check("home", 1);
        jobs.runOnce(home, new ScheduledRun("home", Instant.now(), Instant.now()));
        CheckResult scheduled = spooled().get(0);
        Confirmations c = confirmations(60, home);

        c.accept(confirm("round-1", "home", Instant.now().plusSeconds(30)));
        c.accept(confirm("round-1", "home", Instant.now().plusSeconds(30)));

        await().atMost(Duration.ofSeconds(15)).until(() -> spooled().size() >= 2);
        Thread.sleep(500);
        List<CheckResult> results = spooled();
        assertThat(results).hasSize(2);
        CheckResult confirmed = results.get(1);
        assertThat(scheduled.confirmation()).isNull();
        assertThat(confirmed.confirmation()).isEqualTo(new Confirmation("round-1", "failure"));
        assertThat(confirmed.ok()).isFalse();
        assertThat(confirmed.attempt()).isEqualTo(scheduled.attempt()).isEqualTo(2);
        assertThat(confirmed.earlierAttempts()).hasSameSizeAs(scheduled.earlierAttempts()).hasSize(1);
        assertThat(hits).hasValue(4);
        String json = new String(spool.peek(2, 1 << 24).get(1).payload(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"confirmation\":{\"round\":\"round-1\",\"reason\":\"failure\"}");
        assertThat(metricsText()).contains("glassprobe_probe_confirmations_total{check=\"home\",outcome=\"ran\"} 1.0");
    }

    @Test
    void a_command_past_its_deadline_runs_nothing() throws Exception {
        Confirmations c = confirmations(60, check("home", 0));

        c.accept(confirm("late", "home", Instant.now().minusSeconds(1)));

        Thread.sleep(500);
        assertThat(hits).hasValue(0);
        assertThat(spooled()).isEmpty();
        assertThat(metricsText())
                .contains("glassprobe_probe_confirmations_total{check=\"home\",outcome=\"skipped_deadline\"} 1.0");
    }

    @Test
    void a_check_this_probe_does_not_run_is_not_confirmed() throws Exception {
        Confirmations c = confirmations(60, check("home", 0));

        c.accept(confirm("other", "elsewhere", Instant.now().plusSeconds(30)));

        Thread.sleep(500);
        assertThat(hits).hasValue(0);
        assertThat(spooled()).isEmpty();
        assertThat(metricsText()).contains(
                "glassprobe_probe_confirmations_total{check=\"elsewhere\",outcome=\"skipped_unknown_check\"} 1.0");
    }

    @Test
    void no_more_confirmation_runs_start_in_a_minute_than_the_limit() throws Exception {
        Confirmations c = confirmations(3, check("home", 0));

        for (int i = 0; i < 10; i++) {
            c.accept(confirm("round-" + i, "home", Instant.now().plusSeconds(30)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> spooled().size() >= 3);
        Thread.sleep(500);
        assertThat(spooled()).hasSize(3).allSatisfy(r -> assertThat(r.confirmation()).isNotNull());
        assertThat(hits).hasValue(3);
        assertThat(metricsText())
                .contains("glassprobe_probe_confirmations_total{check=\"home\",outcome=\"skipped_limit\"} 7.0")
                .contains("glassprobe_probe_confirmations_total{check=\"home\",outcome=\"ran\"} 3.0");
    }

    @Test
    void a_limit_of_zero_turns_confirmations_off() throws Exception {
        Confirmations c = confirmations(0, check("home", 0));

        c.accept(confirm("round-1", "home", Instant.now().plusSeconds(30)));

        Thread.sleep(500);
        assertThat(hits).hasValue(0);
        assertThat(spooled()).isEmpty();
    }

    @Test
    void a_confirmation_waits_for_the_scheduled_run_of_its_check_in_progress_then_runs() throws Exception {
        holdFirst = new CountDownLatch(1);
        Check home = check("home", 0);
        Confirmations c = confirmations(60, home);
        Thread scheduled = new Thread(() -> {
            try {
                jobs.runOnce(home, new ScheduledRun("home", Instant.now(), Instant.now()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "test-scheduled-run");
        scheduled.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> hits.get() == 1);

        c.accept(confirm("round-1", "home", Instant.now().plusSeconds(30)));
        Thread.sleep(700);
        assertThat(hits).as("not while the scheduled run is in progress").hasValue(1);
        holdFirst.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> spooled().size() >= 2);
        scheduled.join(5_000);
        List<CheckResult> results = spooled();
        assertThat(results.get(0).confirmation()).isNull();
        assertThat(results.get(1).confirmation()).isNotNull();
        Instant scheduledEnd = results.get(0).startedAt().plusMillis((long) results.get(0).durationMs());
        assertThat(results.get(1).startedAt()).isAfterOrEqualTo(scheduledEnd.minusMillis(1));
        assertThat(hits).hasValue(2);
    }

    @Test
    void a_confirmation_whose_deadline_passes_while_it_waits_for_the_scheduled_run_does_not_run() throws Exception {
        holdFirst = new CountDownLatch(1);
        Check home = check("home", 0);
        Confirmations c = confirmations(60, home);
        Thread scheduled = new Thread(() -> {
            try {
                jobs.runOnce(home, new ScheduledRun("home", Instant.now(), Instant.now()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "test-scheduled-run");
        scheduled.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> hits.get() == 1);

        c.accept(confirm("round-1", "home", Instant.now().plusMillis(300)));
        Thread.sleep(800);
        holdFirst.countDown();
        scheduled.join(5_000);

        await().atMost(Duration.ofSeconds(5)).until(() -> metricsText().contains(
                "glassprobe_probe_confirmations_total{check=\"home\",outcome=\"skipped_deadline\"} 1.0"));
        assertThat(spooled()).hasSize(1).allSatisfy(r -> assertThat(r.confirmation()).isNull());
        assertThat(hits).hasValue(1);
    }
}
