package org.glassprobe.api.maintenance;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Objects;
import java.util.TimeZone;
import org.quartz.CronExpression;

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

    /** Whether the window covers the check at the time. */
    public boolean covers(String checkName, Instant at) {
        if (check != null && !check.equals(checkName)) {
            return false;
        }
        if (startsAt != null && at.isBefore(startsAt) || endsAt != null && !at.isBefore(endsAt)) {
            return false;
        }
        if (!recurring()) {
            return true;
        }
        // an occurrence covers `at` when it fired in (at - duration, at]
        Date next = expression(cron, timeZone).getTimeAfter(Date.from(at.minus(duration)));
        return next != null && !next.toInstant().isAfter(at);
    }

    /** The cron expression, read in the zone; the expression is known to be valid (checked on creation). */
    static CronExpression expression(String cron, ZoneId zone) {
        try {
            CronExpression e = new CronExpression(cron);
            e.setTimeZone(TimeZone.getTimeZone(zone));
            return e;
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
