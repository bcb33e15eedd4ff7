package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.glassprobe.api.maintenance.MaintenanceWindow;
import org.junit.jupiter.api.Test;

class MaintenanceDaysTest {
    private static final long NOW = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void a_one_off_window_marks_the_utc_days_it_overlaps_for_its_check_only() {
        MaintenanceWindow w = new MaintenanceWindow("m1", "site", Instant.parse("2026-03-08T23:00:00Z"),
                Instant.parse("2026-03-09T01:00:00Z"), null, null, null, "upgrade", CREATED);
        assertThat(StatusService.maintenanceDays(List.of(w), "site", NOW))
                .containsExactlyInAnyOrder(LocalDate.parse("2026-03-08"), LocalDate.parse("2026-03-09"));
        assertThat(StatusService.maintenanceDays(List.of(w), "api", NOW)).isEmpty();
    }

    @Test
    void a_window_ending_at_midnight_does_not_mark_the_next_day() {
        MaintenanceWindow w = new MaintenanceWindow("m2", null, Instant.parse("2026-03-05T22:00:00Z"),
                Instant.parse("2026-03-06T00:00:00Z"), null, null, null, null, CREATED);
        assertThat(StatusService.maintenanceDays(List.of(w), "any", NOW))
                .containsExactly(LocalDate.parse("2026-03-05"));
    }

    @Test
    void a_recurring_window_marks_each_day_an_occurrence_falls_on_within_its_bounds() {
        // Sundays 02:00 Berlin for 1 h, from 2026-03-01: Mar 1 and Mar 8 (Sundays) until NOW
        MaintenanceWindow w = new MaintenanceWindow("m3", "site", Instant.parse("2026-03-01T00:00:00Z"), null,
                "0 0 2 ? * SUN", Duration.ofHours(1), ZoneId.of("Europe/Berlin"), null, CREATED);
        assertThat(StatusService.maintenanceDays(List.of(w), "site", NOW))
                .containsExactlyInAnyOrder(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-08"));
    }

    @Test
    void a_recurring_window_created_today_does_not_mark_the_sundays_before_it() {
        // every Sunday, all day (UTC), created on Sunday 2026-03-08 at 12:00, after that day's occurrence began
        MaintenanceWindow w = new MaintenanceWindow("m4", "site", null, null, "0 0 0 ? * SUN", Duration.ofDays(1),
                ZoneId.of("UTC"), null, Instant.parse("2026-03-08T12:00:00Z"));
        long sundayEvening = Instant.parse("2026-03-08T18:00:00Z").toEpochMilli();
        assertThat(StatusService.maintenanceDays(List.of(w), "site", sundayEvening))
                .containsExactly(LocalDate.parse("2026-03-08"));
    }

    @Test
    void a_day_with_failures_outside_its_window_keeps_its_measured_band() {
        LocalDate day = LocalDate.parse("2026-03-08");
        assertThat(new StatusReport.Day(day, 100, 50, 50.0, true).band()).as("a real outage before the window")
                .isEqualTo("major");
        assertThat(new StatusReport.Day(day, 100, 0, 100.0, true).band()).isEqualTo("maintenance");
        assertThat(new StatusReport.Day(day, 0, 0, null, true).band()).isEqualTo("maintenance");
    }
}
