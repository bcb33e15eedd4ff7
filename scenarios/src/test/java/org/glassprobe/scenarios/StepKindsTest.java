package org.glassprobe.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.junit.jupiter.api.Test;

/** The one list of step kinds: each line's syntax and executor are the same kind, none twice. */
class StepKindsTest {
    @Test
    void each_kind_is_read_and_run_under_the_same_name_and_the_language_reads_them_all() {
        try (BrowserPool browsers = new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC())) {
            StepKinds.Tools tools = new StepKinds.Tools(HttpStepExecutor.baseClient(), browsers, Clock.systemUTC());
            for (StepKinds.StepKind kind : StepKinds.ALL) {
                assertThat(kind.executor().make(tools).kind()).as("the executor of %s", kind.key())
                        .isEqualTo(kind.key());
                kind.syntax().ifPresent(s -> assertThat(s.key()).as("the syntax of %s", kind.key())
                        .isEqualTo(kind.key()));
            }
            assertThat(StepKinds.executors(tools).kinds()).containsExactlyInAnyOrderElementsOf(
                    CheckLanguage.standard().stepKinds());
            assertThat(CheckLanguage.standard().parser().stepKinds()).containsExactlyElementsOf(
                    StepKinds.syntaxes().stream().map(s -> s.key()).toList());
        }
    }
}
