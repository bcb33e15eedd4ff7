package org.glassprobe.scenarios.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.faults.FaultMode;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP runner against the real demo site over loopback, with its fault switches. */
class HttpStepExecutorTest {
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

    private static Map<String, String> target() {
        return Map.of("target", site.baseUrl());
    }

    @Test
    void image_round_trip_passes_and_proves_the_bytes_are_the_same() throws Exception {
        CheckResult result = TestChecks.run(TestChecks.example("image-roundtrip-http.yaml"), target());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.attempt()).isEqualTo(1);
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("upload", "retrieve");
        StepResult upload = result.steps().get(0);
        assertThat(upload.status()).isEqualTo(201);
        assertThat(upload.captures()).containsKey("image_url");
        assertThat(upload.phases().connect()).as("a fresh connection is opened and timed").isPositive();
        StepResult retrieve = result.steps().get(1);
        assertThat(retrieve.request().url()).isEqualTo(site.baseUrl() + upload.captures().get("image_url"));
        assertThat(retrieve.integrity().ok()).isTrue();
        assertThat(retrieve.integrity().actual()).isEqualTo(retrieve.integrity().expected());
        assertThat(retrieve.conditions()).allMatch(c -> c.ok());
        assertThat(result.steps()).allSatisfy(s -> assertThat(s.durationMs()).isEqualTo(s.phases().sum()));
        assertThat(result.durationMs()).isEqualTo(upload.durationMs() + retrieve.durationMs(),
                org.assertj.core.data.Offset.offset(0.0015));
    }

    @Test
    void corrupt_bytes_fail_with_integrity_naming_the_step() throws Exception {
        site.setFault(FaultMode.CORRUPT, 0);

        CheckResult result = TestChecks.run(TestChecks.example("image-roundtrip-http.yaml"), target());

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(result.error().step()).isEqualTo("retrieve");
        assertThat(result.error().message())
                .startsWith("retrieved bytes are not the file images/glassprobe.png uploaded by step \"upload\": SHA-256 ");
        StepResult retrieve = result.steps().get(1);
        assertThat(retrieve.integrity().actual().size()).isEqualTo(retrieve.integrity().expected().size());
        assertThat(result.earlierAttempts()).as("the failure was confirmed by a retry").hasSize(1);
    }

    @Test
    void slow_server_shows_in_the_processing_phase() throws Exception {
        site.setFault(FaultMode.SLOW, 300);

        CheckResult result = TestChecks.run(TestChecks.example("ping.yaml"), target());

        assertThat(result.ok()).as(result.toString()).isTrue();
        StepResult step = result.steps().get(0);
        assertThat(step.phases().processing()).isGreaterThanOrEqualTo(300.0);
        assertThat(step.phases().processing()).as("the delay is in processing, not in another phase")
                .isGreaterThan(step.phases().resolve() + step.phases().connect() + step.phases().transfer());
        assertThat(step.durationMs()).isGreaterThanOrEqualTo(step.phases().processing());
    }

    @Test
    void site_down_is_a_status_failure() throws Exception {
        site.setFault(FaultMode.DOWN, 0);

        CheckResult result = TestChecks.run(TestChecks.example("ping.yaml"), target());

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.STATUS);
        assertThat(result.error().message()).startsWith("condition [STATUS] == 200 failed: actual \"503\"");
        assertThat(result.steps().get(0).status()).isEqualTo(503);
    }

    @Test
    void refused_connection_is_a_connect_failure() throws Exception {
        site.setFault(FaultMode.REFUSE, 0);

        CheckResult result = TestChecks.run(TestChecks.example("ping.yaml"), target());

        assertThat(result.error().kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(result.error().message()).startsWith("cannot connect to 127.0.0.1:" + site.port() + ":");
        assertThat(result.steps().get(0).status()).isNull();
    }

    @Test
    void hung_server_is_a_timeout_at_the_deadline() throws Exception {
        site.setFault(FaultMode.HANG, 0);
        Check check = TestChecks.parse("""
                name: hang
                kind: ping
                interval: 10s
                timeout: 1s
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                http: {url: "${target}/health"}
                """);

        long start = System.nanoTime();
        CheckResult result = TestChecks.run(check, target());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(result.error().message()).isEqualTo("no complete response from 127.0.0.1:" + site.port()
                + " within the check's timeout of 1s (stopped while waiting for the first byte of the response)");
        // The runner waits for the whole timeout, not less: the deadline is a second after the run began.
        assertThat(took).as("the runner waits until the deadline").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(took).as("the runner returns, it is not held by the server").isLessThan(Duration.ofSeconds(30));
        // The reported duration is the measured network wait (the sum of the phases seen), never more
        // than the wall time; the waiting for the first byte is where the time went.
        StepResult step = result.steps().get(0);
        assertThat(result.durationMs()).isPositive().isLessThanOrEqualTo(took.toNanos() / 1e6);
        assertThat(step.durationMs()).isEqualTo(step.phases().sum());
        assertThat(step.phases().processing()).as("waiting for the first byte").isGreaterThan(step.phases().connect());
    }

    @Test
    void unresolvable_host_is_a_dns_failure() throws Exception {
        Check check = TestChecks.parse("""
                name: dns
                kind: ping
                retries: 0
                http: {url: "http://no-such-host.invalid/health"}
                """);

        CheckResult result = TestChecks.run(check, Map.of());

        assertThat(result.error().kind()).isEqualTo(ErrorKind.DNS);
        assertThat(result.error().message()).startsWith("cannot resolve host no-such-host.invalid");
    }

    @Test
    void a_failing_condition_other_than_status_is_a_condition_failure_with_the_actual_value() throws Exception {
        Check check = TestChecks.parse("""
                name: body
                kind: ping
                retries: 0
                variables: {target: "http://127.0.0.1:1"}
                http: {url: "${target}/health"}
                expect:
                  - "[STATUS] == 200"
                  - "[BODY] == healthy"
                """);

        CheckResult result = TestChecks.run(check, target());

        assertThat(result.error().kind()).isEqualTo(ErrorKind.CONDITION);
        assertThat(result.error().message()).isEqualTo("condition [BODY] == healthy failed: actual \"ok\"");
        assertThat(result.steps().get(0).conditions()).extracting(c -> c.ok()).containsExactly(true, false);
    }

    @Test
    void flaky_site_failure_is_retried_and_every_attempt_is_kept() throws Exception {
        site.setFault(FaultMode.FLAKY, 100);
        Check check = TestChecks.parse("""
                name: flaky
                kind: ping
                timeout: 2s
                retries: 2
                variables: {target: "http://127.0.0.1:1"}
                http: {url: "${target}/health"}
                """);

        CheckResult result = TestChecks.run(check, target());

        assertThat(result.ok()).isFalse();
        assertThat(result.attempt()).isEqualTo(3);
        assertThat(result.earlierAttempts()).extracting(a -> a.number()).containsExactly(1, 2);
        assertThat(result.allAttempts()).allSatisfy(a -> assertThat(a.error().kind()).isEqualTo(ErrorKind.STATUS));
    }
}
