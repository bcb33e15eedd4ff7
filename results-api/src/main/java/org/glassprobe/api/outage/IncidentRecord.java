package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An incident as stored: an {@link CheckStates.Incident} with its kind, and whether its opening was
 * announced (it was not inside a maintenance window), so that its end is announced too.
 */
public record IncidentRecord(String id, IncidentKind kind, String check, Instant openedAt, Instant resolvedAt,
        List<String> regions, String firstResultId, String errorSummary, boolean notified) {
    public IncidentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(openedAt, "openedAt");
        regions = List.copyOf(new TreeSet<>(regions));
    }

    public boolean open() {
        return resolvedAt == null;
    }

    IncidentRecord withRegions(List<String> more) {
        TreeSet<String> all = new TreeSet<>(regions);
        all.addAll(more);
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, List.copyOf(all), firstResultId, errorSummary,
                notified);
    }

    /** The same incident, its opening now announced. */
    IncidentRecord announced() {
        return new IncidentRecord(id, kind, check, openedAt, resolvedAt, regions, firstResultId, errorSummary, true);
    }

    IncidentRecord resolved(Instant at) {
        return new IncidentRecord(id, kind, check, openedAt, at, regions, firstResultId, errorSummary, notified);
    }

    public CheckStates.Incident view() {
        return new CheckStates.Incident(id, check, openedAt, resolvedAt, regions, firstResultId, errorSummary);
    }
}
