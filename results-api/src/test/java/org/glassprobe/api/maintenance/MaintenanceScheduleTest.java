package org.glassprobe.api.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceScheduleTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    /** The windows of the tables, by name. 2026-03-01 and 2026-03-08 are Sundays; Berlin is UTC+1 then. */
    private static final Map<String, MaintenanceWindow> WINDOWS = Map.of(
            "one-off", new MaintenanceWindow("m1", null, Instant.parse("2026-03-08T23:00:00Z"),
                    Instant.parse("2026-03-09T01:00:00Z"), null, null, null, null, CREATED),
            "sundays", recurring(null, null, "0 0 2 ? * SUN", Duration.ofHours(2), "Europe/Berlin"),
            "sundays-from-mar-5", recurring(Instant.parse("2026-03-05T00:00:00Z"), null, "0 0 2 ? * SUN",
                    Duration.ofHours(2), "Europe/Berlin"),
            "sundays-from-mid-occurrence", recurring(Instant.parse("2026-03-01T01:30:00Z"), null, "0 0 2 ? * SUN",
                    Duration.ofHours(2), "Europe/Berlin"),
            "nightly-until-mar-3", recurring(null, Instant.parse("2026-03-03T00:00:00Z"), "0 30 23 * * ?",
                    Duration.ofHours(1), "UTC"),
            "new-year-2026", recurring(null, null, "0 0 0 1 1 ? 2026", Duration.ofHours(1), "UTC"));

    private static MaintenanceWindow recurring(Instant startsAt, Instant endsAt, String cron, Duration duration,
            String zone) {
        return new MaintenanceWindow("m", null, startsAt, endsAt, cron, duration, ZoneId.of(zone), null, CREATED);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "one-off, 2026-03-08T22:59:59.999Z, false",
        "one-off, 2026-03-08T23:00:00Z, true",
        "one-off, 2026-03-09T00:59:59.999Z, true",
        "one-off, 2026-03-09T01:00:00Z, false",
        "sundays, 2026-03-01T00:59:59Z, false",
        "sundays, 2026-03-01T01:00:00Z, true",
        "sundays, 2026-03-01T02:59:59.999Z, true",
        "sundays, 2026-03-01T03:00:00Z, false",
        "sundays, 2026-03-02T01:30:00Z, false",
        "sundays-from-mar-5, 2026-03-01T01:30:00Z, false",
        "sundays-from-mar-5, 2026-03-08T01:30:00Z, true",
        "sundays-from-mid-occurrence, 2026-03-01T01:29:59Z, false",
        "sundays-from-mid-occurrence, 2026-03-01T01:45:00Z, true",
        "nightly-until-mar-3, 2026-03-02T00:15:00Z, true",
        "nightly-until-mar-3, 2026-03-02T23:59:59Z, true",
        "nightly-until-mar-3, 2026-03-03T00:00:00Z, false",
        "new-year-2026, 2026-01-01T00:30:00Z, true",
        "new-year-2026, 2026-06-01T00:30:00Z, false",
    })
    void an_instant_is_inside_a_window_within_its_bounds_and_an_occurrence(String window, Instant at,
            boolean covered) {
        assertThat(MaintenanceSchedule.of(WINDOWS.get(window)).covers(at)).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} overlaps [{1}, {2}): {3}")
    @CsvSource({
        "one-off, 2026-03-08T00:00:00Z, 2026-03-09T00:00:00Z, true",
        "one-off, 2026-03-09T00:00:00Z, 2026-03-10T00:00:00Z, true",
        "one-off, 2026-03-09T01:00:00Z, 2026-03-10T00:00:00Z, false",
        "one-off, 2026-03-07T00:00:00Z, 2026-03-08T23:00:00Z, false",
        "sundays, 2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z, true",
        "sundays, 2026-03-02T00:00:00Z, 2026-03-08T00:00:00Z, false",
        "sundays, 2026-03-01T02:59:59Z, 2026-03-01T03:00:00Z, true",
        "sundays, 2026-03-01T03:00:00Z, 2026-03-08T01:00:00Z, false",
        "sundays-from-mar-5, 2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z, false",
        "sundays-from-mar-5, 2026-03-08T00:00:00Z, 2026-03-09T00:00:00Z, true",
        // an occurrence that began before startsAt is not counted here, though covers counts its rest
        "sundays-from-mid-occurrence, 2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z, false",
        "nightly-until-mar-3, 2026-03-03T00:00:00Z, 2026-03-04T00:00:00Z, true",
        "nightly-until-mar-3, 2026-03-03T00:30:00Z, 2026-03-04T00:00:00Z, false",
        "new-year-2026, 2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z, true",
        "new-year-2026, 2026-01-02T00:00:00Z, 2027-01-02T00:00:00Z, false",
    })
    void a_window_overlaps_an_interval_when_it_or_an_occurrence_runs_during_it(String window, Instant from,
            Instant to, boolean overlapping) {
        assertThat(MaintenanceSchedule.of(WINDOWS.get(window)).overlaps(from, to)).isEqualTo(overlapping);
    }

    @ParameterizedTest(name = "{0} after {1}: {2}")
    @CsvSource({
        "sundays, 2026-03-01T00:00:00Z, 2026-03-01T01:00:00Z",
        "sundays, 2026-03-01T01:00:00Z, 2026-03-08T01:00:00Z",
        "nightly-until-mar-3, 2026-03-05T00:00:00Z, 2026-03-05T23:30:00Z",
        "new-year-2026, 2026-01-01T00:00:01Z, ",
        "one-off, 2026-03-01T00:00:00Z, ",
    })
    void the_next_occurrence_starts_when_the_cron_expression_next_fires(String window, Instant after,
            Instant next) {
        assertThat(MaintenanceSchedule.of(WINDOWS.get(window)).nextStart(after).orElse(null)).isEqualTo(next);
    }

    /** Sundays 02:00 Berlin for 2 h, created in the middle of the 2026-03-08 occurrence (01:00-03:00 UTC). */
    private static final MaintenanceWindow CREATED_MID_SUNDAY = new MaintenanceWindow("m", null, null, null,
            "0 0 2 ? * SUN", Duration.ofHours(2), ZoneId.of("Europe/Berlin"), null,
            Instant.parse("2026-03-08T01:30:00Z"));

    /** A one-off window created an hour after the start it was given. */
    private static final MaintenanceWindow CREATED_AFTER_ITS_START = new MaintenanceWindow("m", null,
            Instant.parse("2026-03-08T10:00:00Z"), Instant.parse("2026-03-08T14:00:00Z"), null, null, null, null,
            Instant.parse("2026-03-08T11:00:00Z"));

    @ParameterizedTest(name = "{0}: covers {1}: {2}")
    @CsvSource({
        "created-mid-sunday, 2026-03-01T01:30:00Z, false",
        "created-mid-sunday, 2026-03-08T01:29:59Z, false",
        "created-mid-sunday, 2026-03-08T01:30:00Z, true",
        "created-mid-sunday, 2026-03-15T01:30:00Z, true",
        "created-after-its-start, 2026-03-08T10:30:00Z, false",
        "created-after-its-start, 2026-03-08T11:00:00Z, true",
    })
    void a_window_never_covers_the_time_before_it_was_created(String window, Instant at, boolean covered) {
        MaintenanceWindow w = window.equals("created-mid-sunday") ? CREATED_MID_SUNDAY : CREATED_AFTER_ITS_START;
        assertThat(MaintenanceSchedule.of(w).covers(at)).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0}: overlaps [{1}, {2}): {3}")
    @CsvSource({
        "created-mid-sunday, 2026-03-01T00:00:00Z, 2026-03-02T00:00:00Z, false",
        "created-mid-sunday, 2026-03-08T00:00:00Z, 2026-03-08T01:30:00Z, false",
        "created-mid-sunday, 2026-03-08T00:00:00Z, 2026-03-09T00:00:00Z, true",
        "created-mid-sunday, 2026-03-15T00:00:00Z, 2026-03-16T00:00:00Z, true",
        "created-after-its-start, 2026-03-08T10:00:00Z, 2026-03-08T11:00:00Z, false",
        "created-after-its-start, 2026-03-08T10:00:00Z, 2026-03-08T11:00:01Z, true",
    })
    void a_window_overlaps_only_the_time_from_its_creation_on(String window, Instant from, Instant to,
            boolean overlapping) {
        MaintenanceWindow w = window.equals("created-mid-sunday") ? CREATED_MID_SUNDAY : CREATED_AFTER_ITS_START;
        assertThat(MaintenanceSchedule.of(w).overlaps(from, to)).isEqualTo(overlapping);
    }
}
