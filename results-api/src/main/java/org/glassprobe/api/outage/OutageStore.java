package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.glassprobe.api.notify.OutboundEvent;

/**
 * What outage decisions need stored: the checks' and regions' decided states, their incidents,
 * and the results they are decided from.
 */
public interface OutageStore {
    /** A check's decided state with its regions' (a check never decided about: null record, no regions). */
    record StoredState(String check, Instant createdAt, CheckRecord record, List<RegionRecord> regions) {}

    /** The names of every check, and of every check a state is stored for (a deleted check's state is forgotten). */
    List<String> checkNames();

    /** What a decision needs to know of the check, if it exists. */
    Optional<Subject> subject(String check);

    /** The latest result of the check from each probe, with its error message. */
    List<Vote> votes(String check);

    /** What was decided last time (a fresh, unversioned record when nothing was). */
    Previous previous(String check, Instant now);

    /**
     * The failed runs of the check in these regions from {@code since} until {@code until} (null: up
     * to now), by the message they ended with (its kind when it has none); failures of kind probe and
     * runs inside a maintenance window left out.
     */
    List<IncidentErrors.Seen> errorsBetween(String check, Collection<String> regions, Instant since, Instant until);

    /**
     * The region's runs of the check by these probes between two times (from inclusive; null until:
     * up to now), and its failed ones.
     */
    RegionHistory.Runs runsBetween(String check, String region, Collection<String> probes, Instant since,
            Instant until);

    /** How many of the region's runs of the check by these probes failed since the given time. */
    int failuresSince(String check, String region, Collection<String> probes, Instant since);

    /** The outcomes (true: passed) of the region's last runs by these probes, newest first (by start, then arrival). */
    List<Boolean> lastOutcomes(String check, String region, Collection<String> probes, int n);

    /** The durations in ms of the region's last passed runs by these probes, newest first (by start, then arrival). */
    List<Double> lastPassedDurations(String check, String region, Collection<String> probes, int n);

    /**
     * The region's last passed runs by these probes, newest first (by start, then arrival), with
     * their warnings.
     */
    List<RegionHistory.PassedRun> lastPassedRuns(String check, String region, Collection<String> probes, int n);

    /**
     * The encoded total-latency histograms of the region's hour roll-ups of the check since the
     * given time and, with {@code before}, of the hours that ended by then.
     */
    List<String> hourHistograms(String check, String region, Instant since, Instant before);

    /** The encoded total-latency histograms of the region's minute roll-ups in [since, before). */
    List<String> minuteHistograms(String check, String region, Instant since, Instant before);

    /**
     * Writes a decision if nothing was decided about the check meanwhile (the stored version is
     * still the one the decision started from), with its events in the outbox, in one transaction.
     *
     * @return false when another decision came first: decide again
     */
    boolean apply(Decision decision, List<OutboundEvent> events, Instant now);

    /**
     * Forgets a deleted check's state; its open incidents are closed (silently: the check is gone,
     * not recovered). Its history stays.
     */
    void forget(String check, Instant now);

    /** Every check with its decided state, by name. */
    List<StoredState> states(String only);
    /** Incidents of these kinds, newest first, of one check (null: every check). */
    default List<IncidentRecord> incidents(String check, Collection<IncidentKind> kinds, int limit) {
        return incidents(check, kinds, null, limit);
    }

    /**
     * The same, only those listed after {@code before} (null: from the newest): opened earlier, or
     * at the same millisecond with a smaller id.
     */
    List<IncidentRecord> incidents(String check, Collection<IncidentKind> kinds, IncidentKey before, int limit);

    /** Where an incident stands in the newest-first order: its opening and, for a tie, its id. */
    record IncidentKey(long openedAtMs, String id) {}

    Optional<IncidentRecord> incident(String id);
}
