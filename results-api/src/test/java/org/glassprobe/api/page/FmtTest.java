package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FmtTest {
    @ParameterizedTest
    @CsvSource({"99.965,99.965 %", "99.9,99.9 %", "100.0,100 %", "0.0,0 %", "12.5,12.5 %"})
    void percentages_are_the_summarys_figures_without_trailing_zeros(double value, String shown) {
        assertThat(Fmt.percent(value)).isEqualTo(shown);
        assertThat(Fmt.percent(null)).isEqualTo("no data");
    }

    @ParameterizedTest
    @CsvSource({"6.512,6.51 ms", "0.5,0.5 ms", "10.0,10 ms", "0,0 ms", "250.4,250 ms", "1234.5,1.23 s"})
    void latencies(double ms, String shown) {
        assertThat(Fmt.ms(ms)).isEqualTo(shown);
    }

    @Test
    void times_are_utc_with_a_relative_hint() {
        Instant now = Instant.parse("2026-03-02T10:00:30Z");
        assertThat(Fmt.utc(now)).isEqualTo("2026-03-02 10:00:30 UTC");
        assertThat(Fmt.ago(now.minusSeconds(2), now)).isEqualTo("just now");
        assertThat(Fmt.ago(now.minusSeconds(45), now)).isEqualTo("45 s ago");
        assertThat(Fmt.ago(now.minusSeconds(300), now)).isEqualTo("5 min ago");
        assertThat(Fmt.ago(now.minusSeconds(3 * 3600), now)).isEqualTo("3 h ago");
        assertThat(Fmt.ago(now.minusSeconds(3 * 86_400), now)).isEqualTo("3 d ago");
        assertThat(Fmt.ago(now.plusSeconds(300), now)).isEqualTo("in 5 min");
        assertThat(Fmt.duration(Duration.ofSeconds(3725))).isEqualTo("1 h 2 min");
        assertThat(Fmt.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Fmt.duration(Duration.ofDays(3).plusHours(4))).isEqualTo("3 d 4 h");
    }

    @Test
    void a_name_is_one_path_segment() {
        assertThat(Fmt.checkPath("a/b c%?#")).isEqualTo("/checks/a%2Fb%20c%25%3F%23");
        assertThat(Fmt.badgePath("<script>alert(1)</script>")).isEqualTo("/badge/%3Cscript%3Ealert%281%29%3C%2Fscript%3E.svg");
        assertThat(Fmt.segment("..")).isEqualTo("%2E%2E");
    }
}
