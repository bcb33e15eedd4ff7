package org.glassprobe.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RunMdcTest {
    private static final UUID RUN = UUID.fromString("7f0c2a8e-6c39-4bb3-9d6e-0a3c5f2f9b11");

    @Test
    void handed_work_sees_the_run_s_keys_and_leaves_the_worker_as_it_found_it() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            worker.submit(() -> MDC.put("worker", "own")).get();
            Runnable runnable;
            java.util.concurrent.Callable<Map<String, String>> callable;
            RunMdc.Scope scope = RunMdc.enter("image-roundtrip", RUN);
            try {
                AtomicReference<Map<String, String>> seen = new AtomicReference<>();
                runnable = RunMdc.carry(() -> seen.set(MDC.getCopyOfContextMap()));
                callable = RunMdc.carry(MDC::getCopyOfContextMap);
                worker.submit(runnable).get();
                assertThat(seen.get()).containsExactlyInAnyOrderEntriesOf(Map.of(RunMdc.CHECK, "image-roundtrip",
                        RunMdc.RUN, RUN.toString()));
            } finally {
                scope.close();
            }
            assertThat(worker.submit(callable).get()).as("the keys were taken when the work was handed over")
                    .containsEntry(RunMdc.RUN, RUN.toString());
            assertThat(worker.submit(MDC::getCopyOfContextMap).get()).isEqualTo(Map.of("worker", "own"));
            assertThat(MDC.get(RunMdc.CHECK)).isNull();
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void a_scope_puts_back_what_was_there() {
        MDC.put(RunMdc.CHECK, "outer");
        try {
            try (RunMdc.Scope inner = RunMdc.enter("inner", RUN)) {
                assertThat(MDC.get(RunMdc.CHECK)).isEqualTo("inner");
            }
            assertThat(MDC.get(RunMdc.CHECK)).isEqualTo("outer");
            assertThat(MDC.get(RunMdc.RUN)).isNull();
        } finally {
            MDC.remove(RunMdc.CHECK);
        }
    }
}
