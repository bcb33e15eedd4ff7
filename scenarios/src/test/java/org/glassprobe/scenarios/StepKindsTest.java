package org.glassprobe.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.junit.jupiter.api.Test;

/** Every step kind the language can read has an executor in the standard wiring. */
class StepKindsTest {
    @Test
    void every_step_kind_in_the_language_has_an_executor() {
        assertThat(TestChecks.executors(HttpStepExecutor.baseClient()).kinds())
                .containsExactlyInAnyOrderElementsOf(CheckLanguage.standard().stepKinds());
    }
}
