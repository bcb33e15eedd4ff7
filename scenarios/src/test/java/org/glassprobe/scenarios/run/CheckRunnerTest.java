package org.glassprobe.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.VariableValue;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {
    private static final String CHECK = """
            name: runner
            kind: scenario
            timeout: 500ms
            interval: 5s
            retries: 0
            variables:
              target: http://127.0.0.1:1
              token: ~
            steps:
              - name: only
                http: {url: "${target}/x?t=${token}"}
            """;

    /** An executor that ignores its deadline and cannot be interrupted: the runner must still return. */
    private static final class Stubborn implements StepExecutor<HttpStep> {
        @Override
        public String kind() {
            return "http";
        }

        @Override
        public Class<HttpStep> stepType() {
            return HttpStep.class;
        }

        @Override
        public StepResult execute(HttpStep step, RunContext context) {
            // Deaf to interruption, but without burning a core: sleeps on when interrupted.
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException ignored) {
                    // a stubborn step does not stop
                }
            }
            throw new AssertionError("never reported");
        }
    }

    /** An executor with a bug: the runner turns it into an internal failure, not an exception. */
    private static final class Buggy implements StepExecutor<HttpStep> {
        @Override
        public String kind() {
            return "http";
        }

        @Override
        public Class<HttpStep> stepType() {
            return HttpStep.class;
        }

        @Override
        public StepResult execute(HttpStep step, RunContext context) {
            throw new NullPointerException("oops");
        }
    }

    /** An executor that logs on the thread that runs the step, as every step kind may. */
    private static final class Chatty implements StepExecutor<HttpStep> {
        static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(Chatty.class);

        @Override
        public String kind() {
            return "http";
        }

        @Override
        public Class<HttpStep> stepType() {
            return HttpStep.class;
        }

        @Override
        public StepResult execute(HttpStep step, RunContext context) {
            logger.atInfo().log("step running");
            return CheckRunner.failed(step.name(), kind(), 0, ErrorKind.STATUS, "not a real step");
        }
    }

    @Test
    void a_log_event_on_the_step_s_worker_thread_carries_the_check_and_the_run_id() throws Exception {
        Check check = TestChecks.parse(CHECK);
        Logger stepLogger = (Logger) Chatty.logger;
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        stepLogger.addAppender(events);
        stepLogger.setLevel(Level.INFO);
        try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new Chatty())), Clock.systemUTC())) {
            CheckResult result = runner.run(check, RunOptions.defaults().withVariables(Map.of("token", "t")));

            assertThat(events.list).hasSize(1);
            ILoggingEvent event = events.list.get(0);
            assertThat(event.getThreadName()).isNotEqualTo(Thread.currentThread().getName())
                    .startsWith("glassprobe-run-");
            assertThat(event.getMDCPropertyMap()).containsEntry(RunMdc.CHECK, "runner")
                    .containsEntry(RunMdc.RUN, result.id().toString());
            assertThat(org.slf4j.MDC.get(RunMdc.RUN)).as("the caller's thread is left as it was").isNull();
        } finally {
            stepLogger.detachAppender(events);
        }
    }

    @Test
    void a_step_that_ignores_its_deadline_is_reported_as_a_timeout_shortly_after_it() throws Exception {
        Check check = TestChecks.parse(CHECK);
        try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new Stubborn())), Clock.systemUTC())) {
            long start = System.nanoTime();
            CheckResult result = runner.run(check, RunOptions.defaults().withVariables(Map.of("token", "t")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(result.error().step()).isEqualTo("only");
            assertThat(result.error().message()).isEqualTo(
                    "the step did not finish within the check's timeout of 500ms and was stopped");
            // Far from the step's 60 s: the runner reported at the deadline and did not wait for it.
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void progress_is_told_each_step_as_it_starts_with_its_attempt() throws Exception {
        Check check = TestChecks.parse(CHECK.replace("retries: 0", "retries: 1") + """
                  - name: never
                    http: {url: "${target}/y"}
                """);
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new Chatty())), Clock.systemUTC())) {
            runner.run(check, RunOptions.defaults().withVariables(Map.of("token", "t")).withProgress(
                    (step, cleanup, attempt, attempts) -> told.add(step + " " + cleanup + " " + attempt + "/" + attempts)));
        }
        assertThat(told).containsExactly("only false 1/2", "only false 2/2");
    }

    @Test
    void a_step_kind_that_throws_becomes_an_internal_failure() throws Exception {
        Check check = TestChecks.parse(CHECK);
        try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new Buggy())), Clock.systemUTC())) {
            CheckResult result = runner.run(check, RunOptions.defaults().withVariables(Map.of("token", "t")));
            assertThat(result.error().kind()).isEqualTo(ErrorKind.INTERNAL);
            assertThat(result.error().message()).contains("java.lang.NullPointerException: oops").contains("bug");
        }
    }

    @Test
    void a_required_variable_without_value_stops_the_run_before_it_starts() throws Exception {
        Check check = TestChecks.parse(CHECK);
        assertThatThrownBy(() -> CheckRunner.resolveVariables(check, Map.of()))
                .isInstanceOf(UnresolvedVariablesException.class)
                .hasMessage("test.yaml: variable token has no value; give --var token=VALUE or a default under"
                        + " variables");
    }

    @Test
    void given_values_override_defaults_and_unknown_names_are_not_added() throws Exception {
        Check check = TestChecks.parse(CHECK);
        assertThat(CheckRunner.resolveVariables(check, Map.of("token", "t", "target", "http://x", "other", "y")))
                .containsExactly(Map.entry("target", "http://x"), Map.entry("token", "t"));
    }

    @Test
    void an_unset_environment_variable_fails_the_step_with_a_message() throws Exception {
        Check check = TestChecks.parse("""
                name: env
                kind: ping
                retries: 0
                http: {url: "http://127.0.0.1:1/?key=${env.GLASSPROBE_TEST_NEVER_SET}"}
                """);
        try (CheckRunner runner = new CheckRunner(TestChecks.executors(
                org.glassprobe.scenarios.http.HttpStepExecutor.baseClient()), Clock.systemUTC())) {
            CheckResult result = runner.run(check, RunOptions.defaults()
                    .withEnvironment(name -> java.util.Optional.empty()));
            assertThat(result.error().kind()).isEqualTo(ErrorKind.SCRIPT);
            assertThat(result.error().message()).startsWith(
                    "environment variable GLASSPROBE_TEST_NEVER_SET is not set on this probe");
        }
    }

    @Test
    void registering_two_executors_for_one_kind_is_refused() {
        assertThatThrownBy(() -> StepExecutors.of(List.of(new Buggy(), new Stubborn())))
                .hasMessage("two executors for step kind \"http\"");
    }

    @Test
    void a_probes_value_replaces_only_what_the_check_asks_it_for_and_the_result_says_where_each_came_from()
            throws Exception {
        Check check = TestChecks.parse("""
                name: precedence
                kind: ping
                retries: 0
                variables:
                  target: http://127.0.0.1:1              # the check's own: a probe's target does not replace it
                  region_url: {default: "http://127.0.0.1:2", fromProbe: true}
                  store: ~                                # no value of its own: the probe's
                  api_token: ~
                http: {url: "${target}/${region_url}/${store}/${api_token}"}
                """);
        RunOptions probe = RunOptions.defaults().withProbeVariables(Map.of("target", "http://demo", "region_url",
                "http://near", "store", "http://dav", "api_token", "s3cret"));

        assertThat(CheckRunner.resolve(check, probe)).containsExactly(
                Map.entry("target", new VariableValue("http://127.0.0.1:1", "check")),
                Map.entry("region_url", new VariableValue("http://near", "probe")),
                Map.entry("store", new VariableValue("http://dav", "probe")),
                Map.entry("api_token", new VariableValue("s3cret", "probe")));
        assertThat(CheckRunner.resolve(check, probe.withVariables(Map.of("target", "http://cli"))).get("target"))
                .as("run --var replaces any declared variable").isEqualTo(new VariableValue("http://cli", "command-line"));

        try (CheckRunner runner = new CheckRunner(TestChecks.executors(
                org.glassprobe.scenarios.http.HttpStepExecutor.baseClient()), Clock.systemUTC())) {
            CheckResult result = runner.run(check, probe);
            assertThat(result.variables()).containsEntry("target", new VariableValue("http://127.0.0.1:1", "check"))
                    .containsEntry("store", new VariableValue("http://dav", "probe"))
                    .containsEntry("api_token", new VariableValue(VariableValue.HIDDEN, "probe"));
            assertThat(org.glassprobe.scenarios.result.ResultJson.fromJson(
                    org.glassprobe.scenarios.result.ResultJson.toJson(result)).variables())
                    .as("on the wire to the API").isEqualTo(result.variables());
        }
    }

    @Test
    void a_variable_written_as_a_mapping_says_fromProbe() {
        assertThatThrownBy(() -> TestChecks.parse("""
                name: bad
                kind: ping
                variables: {target: {default: "http://127.0.0.1:1"}}
                http: {url: "${target}"}
                """)).hasMessageContaining("a variable written as a mapping says fromProbe: true");
    }
}
