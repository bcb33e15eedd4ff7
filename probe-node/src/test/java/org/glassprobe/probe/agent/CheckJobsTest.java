package org.glassprobe.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.probe.spool.SpoolOptions;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.RunMdc;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutor;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scheduler.ScheduledRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CheckJobsTest {
    @TempDir
    Path dir;

    /** An HTTP step kind that only logs, on whatever thread runs the step, and fails. */
    private static final class Chatty implements StepExecutor<HttpStep> {
        static final org.slf4j.Logger logger = LoggerFactory.getLogger(Chatty.class);

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
            return new StepResult(step.name(), kind(), false, 0, null, null, null, null, null, null, null, null,
                    new RunError(ErrorKind.STATUS, null, "no answer worth having"));
        }
    }

    @Test
    void log_events_of_a_run_carry_its_check_and_run_id_on_the_worker_thread_and_after() throws Exception {
        Check check = CheckLanguage.standard().parse(new Check.Source("home.yaml", """
                name: home
                kind: ping
                interval: 5s
                timeout: 1s
                retries: 0
                http: {url: "http://127.0.0.1:1/"}
                """, "yaml"), FileResolver.none());
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        List<Logger> watched = List.of((Logger) Chatty.logger, (Logger) LoggerFactory.getLogger(CheckJobs.class));
        watched.forEach(l -> {
            l.addAppender(events);
            l.setLevel(Level.INFO);
        });
        try (Spool spool = Spool.open(dir.resolve("spool"), SpoolOptions.defaults());
                CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new Chatty())), Clock.systemUTC())) {
            CheckJobs jobs = new CheckJobs(runner, spool, new ProbeMetrics(), new Evidence(960, 120 * 1024),
                    new CheckJobs.Options(Map.of(), new RunOptions.Probe("p1", "eu-west"), Duration.ofSeconds(1),
                            Clock.systemUTC(), org.glassprobe.scenarios.run.JourneyPlace.ObjectSource.NONE));

            jobs.runOnce(check, new ScheduledRun("home", Instant.now(), Instant.now()));

            CheckResult result = ResultJson.fromJson(new String(spool.peek(1, 1 << 20).get(0).payload(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(events.list).extracting(ILoggingEvent::getMessage)
                    .containsExactly("step running", "no answer worth having");
            ILoggingEvent onWorker = events.list.get(0);
            assertThat(onWorker.getThreadName()).startsWith("glassprobe-run-");
            for (ILoggingEvent event : events.list) {
                assertThat(event.getMDCPropertyMap()).as(event.getMessage()).containsEntry(RunMdc.CHECK, "home")
                        .containsEntry(RunMdc.RUN, result.id().toString());
            }
            assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("nothing is left on the scheduler's thread")
                    .isNullOrEmpty();
        } finally {
            watched.forEach(l -> l.detachAppender(events));
        }
    }
}
