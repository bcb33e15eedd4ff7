package org.glassprobe.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.Test;

class RunContextTest {
    @Test
    void a_step_that_reports_after_the_runner_gave_up_at_the_deadline_is_not_recorded_twice() {
        try (RunContext context = new RunContext("c", 1, Map.of(), name -> Optional.empty(),
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
