package org.glassprobe.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveFaultTest {

    @Test
    void flaky_fails_exactly_n_of_every_100_consecutive_requests_for_every_n() {
        for (int percent = 0; percent <= 100; percent++) {
            for (long start : new long[] {0, 100, 1_000_000}) {
                int p = percent;
                long failures = IntStream.range(0, 100).filter(i -> ActiveFault.failsAt(start + i, p)).count();
                assertThat(failures).as("flaky %d from request %d", percent, start).isEqualTo(percent);
            }
        }
    }

    @Test
    void flaky_50_fails_every_second_request() {
        ActiveFault active = new ActiveFault(Fault.of(FaultMode.FLAKY, 50));

        assertThat(IntStream.range(0, 6).mapToObj(i -> active.nextRequestFails()))
                .containsExactly(false, true, false, true, false, true);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 33, 99})
    void flaky_spreads_its_failures_evenly(int percent) {
        ActiveFault active = new ActiveFault(Fault.of(FaultMode.FLAKY, percent));
        int[] failuresPerTenth = new int[10];
        for (int i = 0; i < 1_000; i++) {
            if (active.nextRequestFails()) {
                failuresPerTenth[i / 100]++;
            }
        }
        assertThat(failuresPerTenth).containsOnly(percent);
    }
}
