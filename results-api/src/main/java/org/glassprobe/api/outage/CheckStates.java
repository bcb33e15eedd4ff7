package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the outage evaluator has decided about each check, for the uptime page, {@code
 * /status.json}, badges and the outages route: the contract between the decisions (outages,
 * regional failures, degradation, maintenance) and whoever shows them.
 */
public interface CheckStates {
    /** Every known check's current state, by check name. */
    List<CheckState> all();

    /** One check's current state, if the check is known. */
    Optional<CheckState> of(String check);

    /** Outages, newest first; {@code check} null for every check. */
    List<Incident> incidents(String check, int limit);

    /** A check's or a region's state, as the page shows it in colour and words. */
    enum State {
        OPERATIONAL,
        DEGRADED,
        REGIONAL_FAILURE,
        OUTAGE,
        MAINTENANCE,
        /** No live probe covers it (or none has reported yet): never shown as up. */
        UNKNOWN
    }

    /**
     * @param region    the region
     * @param state     OPERATIONAL, DEGRADED, OUTAGE (failing there), MAINTENANCE or UNKNOWN (no live probe)
     * @param since     when it entered this state
     * @param lastError the latest failure's message there, or null
     */
    record RegionState(String region, State state, Instant since, String lastError) {
        public RegionState {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * @param check   the check's name
     * @param state   the overall state
     * @param since   when it entered this state
     * @param regions each region's state, by region name
     */
    record CheckState(String check, State state, Instant since, List<RegionState> regions) {
        public CheckState {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(state, "state");
            regions = List.copyOf(regions);
        }
    }

    /**
     * An outage: opened, perhaps resolved, where, and how it began.
     *
     * @param id            stable identifier, also in webhook payloads
     * @param check         the check
     * @param openedAt      when the quorum of regions first failed
     * @param resolvedAt    when it resolved, or null while open
     * @param regions       the regions that failed during it
     * @param firstResultId the id of the first failing result that counted
     * @param errorSummary  what failed when it opened, in words
     * @param errors        what kept it open: its regions' most frequent errors and the latest (read
     *                      afresh while it is open)
     */
    record Incident(String id, String check, Instant openedAt, Instant resolvedAt, List<String> regions,
            String firstResultId, String errorSummary, int flaps, int runs, int failedRuns, IncidentErrors errors) {
        public Incident {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(openedAt, "openedAt");
            regions = List.copyOf(regions);
            errors = errors == null ? IncidentErrors.NONE : errors;
        }
    }
}
