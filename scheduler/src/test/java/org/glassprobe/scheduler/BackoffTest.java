package org.glassprobe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.glassprobe.scheduler.Backoff.Jitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    /** Each row: the policy, the random draw, the failures in a row, and the wait expected. */
    @ParameterizedTest(name = "{0} {1}ms..{2}ms, random {3}, after {4} failures: {5}ms")
    @CsvSource({
        // full jitter (the probe's shipping): between zero and the ceiling, rounded down
        "FULL,    100,     1000, 0.999,    1,        99",
        "FULL,    100,     1000, 0.999,    2,       199",
        "FULL,    100,     1000, 0.999,    3,       399",
        "FULL,    100,     1000, 0.999,    4,       799",
        "FULL,    100,     1000, 0.999,    5,       999",
        "FULL,    100,     1000, 0.999,    6,       999",
        "FULL,    100,     1000, 0.0,      1,         0",
        "FULL,    250,    30000, 0.5,      1,       125",
        "FULL,    250,    30000, 0.5,      8,     15000",
        "FULL,    250,    30000, 0.999,  100,     29970",
        // equal jitter (webhook deliveries): between half and all of the ceiling, rounded
        "EQUAL,  5000,    60000, 0.999999, 1,      5000",
        "EQUAL,  5000,    60000, 0.999999, 2,     10000",
        "EQUAL,  5000,    60000, 0.999999, 4,     40000",
        "EQUAL,  5000,    60000, 0.999999, 9,     60000",
        "EQUAL,  5000,    60000, 0.0,      2,      5000",
        "EQUAL,  5000,    60000, 0.0,      0,      2500",
        "EQUAL,    10, 86400000, 0.0,     22,  10485760",
        "EQUAL,    10, 86400000, 0.0,     60,  43200000",
    })
    void the_wait_grows_to_its_ceiling_and_is_drawn_as_the_jitter_says(Jitter jitter, long initialMs, long maxMs,
            double random, int failures, long expectedMs) {
        Backoff backoff = new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), jitter, () -> random);
        assertThat(backoff.after(failures)).isEqualTo(Duration.ofMillis(expectedMs));
    }

    @Test
    void retries_grow_to_the_cap_with_jitter_and_reset_on_success() {
        Backoff.Retries retries = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Jitter.FULL, () -> 0.999)
                .retries();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(retries.next().toMillis());
        }
        assertThat(waits).containsExactly(99L, 199L, 399L, 799L, 999L, 999L);
        retries.reset();
        assertThat(retries.next().toMillis()).isEqualTo(99L);
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Jitter.FULL, () -> 0.0).retries().next())
                .isZero();
    }

    @Test
    void a_policy_needs_a_positive_initial_wait_no_longer_than_its_cap() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Jitter.FULL, () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff needs 0 < initial <= max, was initial PT0S, max PT1S");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Jitter.EQUAL, () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
