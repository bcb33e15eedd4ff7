package org.glassprobe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void offset_depends_on_the_name_alone() {
        Duration minute = Duration.ofMinutes(1);
        assertThat(Spread.offsetMillis("image-roundtrip", minute)).isEqualTo(Spread.offsetMillis("image-roundtrip", minute));
        assertThat(Spread.offsetMillis("image-roundtrip", minute)).isBetween(0L, 59_999L);
    }

    @Test
    void many_jobs_start_spread_over_the_interval_not_at_once() {
        Duration minute = Duration.ofMinutes(1);
        Set<Long> seconds = new HashSet<>();
        IntStream.range(0, 200).forEach(i -> seconds.add(Spread.offsetMillis("check-" + i, minute) / 1000));
        assertThat(seconds).as("200 checks over 60 one-second slots").hasSizeGreaterThan(45);
    }

    @Test
    void first_run_is_the_next_slot_of_the_job() {
        Duration interval = Duration.ofSeconds(10);
        long offset = Spread.offsetMillis("ping", interval);
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L + 3);
        Instant first = Spread.firstRun("ping", interval, now);
        assertThat(first).isAfterOrEqualTo(now).isBefore(now.plus(interval));
        assertThat(Math.floorMod(first.toEpochMilli() - offset, interval.toMillis())).isZero();
    }
}
