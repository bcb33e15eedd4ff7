package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An incident as stored: an {@link CheckStates.Incident} with its kind, whether its opening was
 * announced (it was not inside a maintenance window), so that its end is announced too, and its
 * flapping: since when it has been clear (null: its trouble is seen now) and how many times its
 * trouble came back after it had cleared; once ended, how many runs its regions made while it was open
 * and how many of them failed (0 and 0 while open); and, for an outage or a regional failure, the
 * errors its regions' failed runs ended with, as of its last write ({@link IncidentErrors#NONE} for
 * a slowdown).
 */
public record IncidentRecord(String id, IncidentKind kind, String check, Instant openedAt, Instant resolvedAt,
        List<String> regions, String firstResultId, String errorSummary, boolean notified, Instant clearedAt,
        int flaps, int runs, int failedRuns, IncidentErrors errors) {
    public IncidentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(openedAt, "openedAt");
        regions = List.copyOf(new TreeSet<>(regions));
        errors = errors == null ? IncidentErrors.NONE : errors;
    }

    /** A new incident, its trouble seen now. */
    IncidentRecord(String id, IncidentKind kind, String check, Instant openedAt, List<String> regions,
            String firstResultId, String errorSummary, boolean notified) {
        this(id, kind, check, openedAt, null, regions, firstResultId, errorSummary, notified, null, 0, 0, 0,
                IncidentErrors.NONE);
    }

    public boolean open() {
        return resolvedAt == null;
    }

    /** Whether its trouble came back after it had cleared. */
    public boolean flapping() {
        return flaps > 0;
    }

    IncidentRecord withRegions(List<String> more) {
        TreeSet<String> all = new TreeSet<>(regions);
        all.addAll(more);
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, List.copyOf(all), firstResultId, errorSummary,
                notified, clearedAt, flaps, runs, failedRuns, errors);
    }

    /** The same incident, clear since the given time (kept when it was clear already). */
    IncidentRecord clear(Instant since) {
        return clearedAt != null ? this : new IncidentRecord(id, kind, check, openedAt, resolvedAt, regions,
                firstResultId, errorSummary, notified, since, flaps, runs, failedRuns, errors);
    }

    /** The same incident, its trouble seen again: once more flapping when it had cleared. */
    IncidentRecord troubled(boolean flapped) {
        if (clearedAt == null && !flapped) {
            return this;
        }
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, regions, firstResultId, errorSummary,
                notified, null, flaps + (clearedAt != null || flapped ? 1 : 0), runs, failedRuns, errors);
    }

    /**
     * The same incident, ended a moment ago, open again: its trouble came back within the flap
     * window, so it flaps once more.
     */
    IncidentRecord reopened(List<String> more) {
        TreeSet<String> all = new TreeSet<>(regions);
        all.addAll(more);
        return new IncidentRecord(id, kind, check, openedAt, null, List.copyOf(all), firstResultId, errorSummary, true,
                null, flaps + 1, 0, 0, errors);
    }

    /** The same incident, its opening now announced. */
    IncidentRecord announced() {
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, regions, firstResultId, errorSummary, true,
                clearedAt, flaps, runs, failedRuns, errors);
    }

    /** The same incident with the runs its regions made while it was open, and those that failed. */
    IncidentRecord counted(int allRuns, int failed) {
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, regions, firstResultId, errorSummary, notified,
                clearedAt, flaps, allRuns, failed, errors);
    }

    IncidentRecord resolved(Instant at) {
        return new IncidentRecord(id, kind, check, openedAt, at, regions, firstResultId, errorSummary, notified,
                clearedAt, flaps, runs, failedRuns, errors);
    }

    /** The same incident with the errors of its failed runs. */
    public IncidentRecord withErrors(IncidentErrors tally) {
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, regions, firstResultId, errorSummary, notified,
                clearedAt, flaps, runs, failedRuns, tally);
    }

    /** Whether it is about failures (an outage or a regional failure), whose errors are counted. */
    public boolean aboutFailures() {
        return kind == IncidentKind.OUTAGE || kind == IncidentKind.REGIONAL;
    }

    public CheckStates.Incident view() {
        return new CheckStates.Incident(id, check, openedAt, resolvedAt, regions, firstResultId, errorSummary, flaps,
                runs, failedRuns, errors);
    }
}
