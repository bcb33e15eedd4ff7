package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The geometry of the page's charts: lines with gaps where no run passed, axes from 0, bars whose height says the band. */
class ChartsTest {
    @Test
    void a_line_breaks_where_no_run_passed_and_a_lone_value_is_a_dot() {
        String d = Charts.path(Arrays.asList(10.0, 20.0, null, 5.0, null, 10.0, 10.0), 7, 20, 600, 100);
        String[] parts = d.split(" M");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).startsWith("M").contains(" L");
        assertThat(parts[1]).endsWith(" l0 0");
        assertThat(parts[2]).contains(" L").doesNotContain("l0 0");
        assertThat(Charts.path(Arrays.asList(null, null), 2, 1, 600, 100)).isEmpty();
    }

    @Test
    void the_y_axis_reaches_a_round_number_at_or_above_the_highest_p95() {
        Map<String, StatusReport.LatencySeries> regions = new LinkedHashMap<>();
        regions.put("eu-west", new StatusReport.LatencySeries(Arrays.asList(3.0, null), Arrays.asList(7.3, null)));
        regions.put("us-east", new StatusReport.LatencySeries(Arrays.asList(4.0, 5.0), Arrays.asList(9.0, 18.2)));
        Charts.LineChart chart = Charts.latency(new StatusReport.Latency("24h", "1h",
                List.of(Instant.parse("2026-03-01T17:00:00Z"), Instant.parse("2026-03-01T18:00:00Z")), regions));
        assertThat(chart.empty()).isFalse();
        assertThat(chart.yTicks()).extracting(Charts.Tick::label).containsExactly("0 ms", "10 ms", "20 ms");
        assertThat(chart.lines()).hasSize(4).extracting(Charts.Line::quantile).containsExactly("p95", "p50", "p95", "p50");
        assertThat(chart.lines().get(0).series()).isEqualTo(chart.lines().get(1).series())
                .isNotEqualTo(chart.lines().get(2).series());
        assertThat(chart.xTicks()).extracting(Charts.Tick::label).containsExactly("18:00");
    }

    @Test
    void a_period_without_passed_runs_says_so_instead_of_drawing() {
        Charts.LineChart chart = Charts.latency(new StatusReport.Latency("7d", "1h", List.of(Instant.EPOCH),
                Map.of("eu-west", new StatusReport.LatencySeries(Arrays.asList((Double) null), Arrays.asList((Double) null)))));
        assertThat(chart.empty()).isTrue();
        assertThat(chart.yTicks()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1,1", "7.3,10", "10,10", "11,20", "21,25", "26,50", "0.3,0.5", "640,1000"})
    void nice_ceilings(double value, double expected) {
        assertThat(Charts.niceCeiling(value)).isEqualTo(expected);
    }

    @Test
    void a_bar_is_shorter_the_worse_its_day_so_the_band_does_not_rest_on_colour() {
        List<StatusReport.Day> days = new ArrayList<>();
        days.add(new StatusReport.Day(LocalDate.parse("2026-03-01"), 1000, 0, 100.0, false));
        days.add(new StatusReport.Day(LocalDate.parse("2026-03-02"), 1000, 5, 99.5, false));
        days.add(new StatusReport.Day(LocalDate.parse("2026-03-03"), 1000, 200, 80.0, false));
        days.add(new StatusReport.Day(LocalDate.parse("2026-03-04"), 0, 0, null, false));
        List<Charts.Bar> bars = Charts.bars(days);
        assertThat(bars).extracting(Charts.Bar::band).containsExactly("ok", "minor", "major", "none");
        assertThat(bars.get(0).height()).isGreaterThan(bars.get(1).height());
        assertThat(bars.get(1).height()).isGreaterThan(bars.get(2).height());
        assertThat(bars.get(2).height()).isGreaterThan(bars.get(3).height());
        assertThat(bars.get(1).tooltip()).isEqualTo("2026-03-02 (UTC): 99.5 % up, 5 failures in 1,000 runs");
        assertThat(bars.get(3).tooltip()).isEqualTo("2026-03-04 (UTC): no runs");

        days.add(new StatusReport.Day(LocalDate.parse("2026-03-05"), 1000, 0, 100.0, false));
        assertThat(Charts.bandPaths(days)).as("the overview's paths: the same bars, one path per band")
                .containsExactly(new Charts.BandPath("ok", "M1 0h8v36h-8zM41 0h8v36h-8z", 2),
                        new Charts.BandPath("minor", "M11 12h8v24h-8z", 1),
                        new Charts.BandPath("major", "M21 24h8v12h-8z", 1),
                        new Charts.BandPath("none", "M31 32h8v4h-8z", 1));
    }

    @Test
    void an_x_label_at_the_charts_edge_is_aligned_to_stay_inside_it_and_a_phone_keeps_every_other_day() {
        List<Instant> starts = new java.util.ArrayList<>();
        for (int h = 168; h >= 1; h--) { // the last bucket starts at midnight: its label is at the right edge
            starts.add(Instant.parse("2026-03-02T00:00:00Z").minusSeconds(3600L * (h - 1)));
        }
        Charts.LineChart chart = Charts.latency(new StatusReport.Latency("7d", "1h", starts, Map.of("eu-west",
                new StatusReport.LatencySeries(java.util.Collections.nCopies(168, 5.0),
                        java.util.Collections.nCopies(168, 9.0)))));
        Charts.Tick last = chart.xTicks().get(chart.xTicks().size() - 1);
        assertThat(last.label()).isEqualTo("Mar 2");
        assertThat(last.at()).isEqualTo(Charts.WIDTH - Charts.RIGHT);
        assertThat(last.anchor()).as("ends at the edge instead of being centred across it").isEqualTo("end");
        assertThat(last.minor()).as("the latest day is always labelled").isFalse();
        assertThat(chart.xTicks()).extracting(Charts.Tick::minor).containsExactly(false, true, false, true, false,
                true, false);
        assertThat(chart.yTicks()).allSatisfy(t -> assertThat(t.at()).as("room above for the label")
                .isGreaterThanOrEqualTo(Charts.TOP));
    }
}
