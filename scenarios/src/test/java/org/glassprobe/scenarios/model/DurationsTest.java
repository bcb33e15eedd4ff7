package org.glassprobe.scenarios.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration grammar of check files, the API's settings and the probe's flags. */
class DurationsTest {
    @Test
    void every_unit_from_milliseconds_to_days_and_their_sums() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
        assertThat(Durations.parse("1d12h")).contains(Duration.ofHours(36));
        assertThat(Durations.parse(" 90d ")).contains(Duration.ofDays(90));
    }

    @Test
    void a_number_without_a_unit_or_with_a_space_is_not_a_duration() {
        assertThat(Durations.parse("30")).isEmpty();
        assertThat(Durations.parse("7 d")).isEmpty();
        assertThat(Durations.parse("5 minutes")).isEmpty();
        assertThat(Durations.parse("1w")).isEmpty();
        assertThat(Durations.parse("99999999999999d")).as("beyond what a Duration of nanoseconds holds").isEmpty();
    }
}
