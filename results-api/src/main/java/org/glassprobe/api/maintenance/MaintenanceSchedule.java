package org.glassprobe.api.maintenance;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a maintenance window is in force: the one place of its time arithmetic (is an instant
 * inside it, does it overlap an interval, when does its next occurrence start), with its cron
 * expression read once. The outage decisions and ingestion ask {@link #covers}; the uptime page's
 * daily bars ask {@link #overlaps}.
 */
public final class MaintenanceSchedule {
    private final MaintenanceWindow window;
    private final CronExpression cron;

    private MaintenanceSchedule(MaintenanceWindow window, CronExpression cron) {
        this.window = window;
        this.cron = cron;
    }

    /**
     * The window's schedule.
     *
     * @throws IllegalArgumentException when a recurring window's cron expression does not parse (it
     *                                  is checked when the window is created)
     */
    public static MaintenanceSchedule of(MaintenanceWindow window) {
        if (!window.recurring()) {
            return new MaintenanceSchedule(window, null);
        }
        try {
            CronExpression e = new CronExpression(window.cron());
            e.setTimeZone(TimeZone.getTimeZone(window.timeZone()));
            return new MaintenanceSchedule(window, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Whether the instant is inside the window: not before the window was created (a window never
     * repaints the past), within its bounds ({@code startsAt} included, {@code endsAt} not) and, for
     * a recurring window, inside an occurrence (from the moment the cron expression fires, for
     * {@code duration}).
     */
    public boolean covers(Instant at) {
        if (at.isBefore(window.createdAt())
                || window.startsAt() != null && at.isBefore(window.startsAt())
                || window.endsAt() != null && !at.isBefore(window.endsAt())) {
            return false;
        }
        if (cron == null) {
            return true;
        }
        // an occurrence covers `at` when it fired in (at - duration, at]
        return nextStart(at.minus(window.duration())).filter(start -> !start.isAfter(at)).isPresent();
    }

    /**
     * Whether the window overlaps [from, to) at or after its creation (the time before it was
     * created is left as measured): a one-off window's span does; a recurring window does when one
     * of its occurrences that starts within its bounds (at or after {@code startsAt}, before
     * {@code endsAt}) runs during the interval.
     */
    public boolean overlaps(Instant from, Instant to) {
        if (from.isBefore(window.createdAt())) {
            from = window.createdAt();
        }
        if (!from.isBefore(to)) {
            return false;
        }
        if (cron == null) {
            return window.startsAt().isBefore(to) && window.endsAt().isAfter(from);
        }
        // the first occurrence still running at `from` or starting after it, and not before the window's bounds
        Instant searchFrom = from.minus(window.duration());
        if (window.startsAt() != null && window.startsAt().isAfter(searchFrom)) {
            searchFrom = window.startsAt().minusMillis(1);
        }
        return nextStart(searchFrom).filter(start -> start.isBefore(to)
                && (window.endsAt() == null || start.isBefore(window.endsAt()))).isPresent();
    }

    /**
     * When the next occurrence after the instant starts (the cron expression's next firing, at
     * whole seconds), regardless of the window's bounds; empty for a one-off window or when the
     * expression never fires again.
     */
    public Optional<Instant> nextStart(Instant after) {
        if (cron == null) {
            return Optional.empty();
        }
        Date next = cron.getTimeAfter(Date.from(after));
        return next == null ? Optional.empty() : Optional.of(next.toInstant());
    }
}
