package org.glassprobe.api.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A maintenance window: for one check (or every check, {@code check} null), either once (from
 * {@code startsAt} to {@code endsAt}) or recurring (each time the cron expression fires in its time
 * zone, for {@code duration}, between {@code startsAt} and {@code endsAt} when given). Inside one no
 * outage is announced and the check's state is maintenance.
 */
public record MaintenanceWindow(String id, String check, Instant startsAt, Instant endsAt, String cron,
        Duration duration, ZoneId timeZone, String reason, Instant createdAt) {
    public MaintenanceWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        if (cron == null) {
            Objects.requireNonNull(startsAt, "startsAt");
            Objects.requireNonNull(endsAt, "endsAt");
        } else {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(timeZone, "timeZone");
        }
    }

    public boolean recurring() {
        return cron != null;
    }

    /** Whether the window is for the check: it names it, or names none (every check). */
    public boolean appliesTo(String checkName) {
        return check == null || check.equals(checkName);
    }

    /** Whether the window covers the check at the time (see {@link MaintenanceSchedule#covers}). */
    public boolean covers(String checkName, Instant at) {
        return appliesTo(checkName) && MaintenanceSchedule.of(this).covers(at);
    }
}
