package org.glassprobe.scenarios.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutagePolicyTest {
    @Test
    void flap_settings_follow_the_interval_unless_written() {
        OutagePolicy p = OutagePolicy.DEFAULT;
        assertThat(p.minOpenFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.minOpenFor(Duration.ofMinutes(5))).as("a slow check's all-clear is not held for rounds")
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(p.reopenWithinFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(100));
        OutagePolicy written = new OutagePolicy(OutagePolicy.Quorum.MAJORITY, 1, null, 2, OutagePolicy.Degraded.DEFAULT,
                1, Duration.ZERO, Duration.ofMinutes(5));
        assertThat(written.minOpenFor(Duration.ofSeconds(10))).isEqualTo(Duration.ZERO);
        assertThat(written.reopenWithinFor(Duration.ofSeconds(10))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void negative_flap_settings_are_refused() {
        assertThatThrownBy(() -> new OutagePolicy(OutagePolicy.Quorum.MAJORITY, 1, null, 2,
                OutagePolicy.Degraded.DEFAULT, 1, Duration.ofSeconds(-1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
