package org.glassprobe.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.Test;

class RunContextTest {
    private static final RunContext.RunIdentity IDENTITY = new RunContext.RunIdentity(
            java.util.UUID.fromString("7d1c7f2e-0000-4000-8000-000000000001"),
            java.time.Instant.parse("2026-12-06T10:00:00Z"), new RunOptions.Probe("eu-west-1", "eu-west"));

    @Test
    void run_values_are_the_runs_own_and_random_uuid_is_fresh_each_time() {
        try (RunContext context = new RunContext("c", IDENTITY, 2, Map.of(), name -> Optional.empty(),
                System.nanoTime() + 1_000_000_000L, Duration.ofSeconds(1), Optional.empty())) {
            assertThat(context.lookup("run.id")).isEqualTo("7d1c7f2e-0000-4000-8000-000000000001");
            assertThat(context.lookup("run.attempt")).isEqualTo("2");
            assertThat(context.lookup("run.started")).isEqualTo("2026-12-06T10:00:00.000Z");
            assertThat(context.lookup("run.startedMillis")).isEqualTo("1796551200000");
            assertThat(context.lookup("probe.name")).isEqualTo("eu-west-1");
            assertThat(context.lookup("probe.region")).isEqualTo("eu-west");
            assertThat(context.lookup("random.uuid")).hasSize(36).isNotEqualTo(context.lookup("random.uuid"));
        }
    }
    @Test
    void a_step_that_reports_after_the_runner_gave_up_at_the_deadline_is_not_recorded_twice() {
        try (RunContext context = new RunContext("c", IDENTITY, 1, Map.of(), name -> Optional.empty(),
                System.nanoTime() + 1_000_000_000L, Duration.ofSeconds(1), Optional.empty())) {
            StepResult quick = CheckRunner.failed("quick", "script", 1, ErrorKind.STATUS, "x");
            context.report(quick);
            context.subStepStarted("slow", "script");
            assertThat(context.seal()).containsExactly(quick);
            // the interrupted step reports its own failure a moment later: the runner's timeout stands
            context.report(CheckRunner.failed("slow", "script", 2, ErrorKind.SCRIPT, "interrupted"));
            assertThat(context.finishedSteps()).containsExactly(quick);
            assertThat(context.current().name()).isEqualTo("slow");
        }
    }
}
