package org.glassprobe.api.checks;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the check catalogue needs stored: each check's file, its files' content and its parsed fields. */
public interface CheckStore {
    /** The outcome of a put: created or replaced (or, when at the limit, refused). */
    enum PutOutcome { CREATED, REPLACED, UNCHANGED, TOO_MANY }

    /**
     * Stores the check (with its files' content) and its owner, replacing one of the same name. The
     * same version with another owner only changes the owner ({@link PutOutcome#REPLACED}).
     *
     * @param outagePolicy its outage policy in the stored form the outage decisions read (null: the defaults)
     */
    PutOutcome put(StoredCheck check, String outagePolicy, int maxChecks);

    /** One check with its text; its files described, without their content. */
    Optional<StoredCheck> find(String name);

    /** One check with its text and its files' content. */
    Optional<StoredCheck> findWithContent(String name);

    /** Every check, described (file text and content left out), by name. */
    List<StoredCheck> list();

    /**
     * Where each of these checks runs now and since when, read in one small query; a name that is
     * no check is not in the map. Ingestion's check of a batch: it reads only the batch's few
     * checks, not the whole catalogue.
     */
    Map<String, Assignment> assignments(Collection<String> names);

    /**
     * Where a check runs, and where it ran before its regions last changed: a probe may hold
     * results that it ran before the change, under the earlier regions (a backlog spooled while it
     * could not reach the API).
     *
     * @param regions          the regions that run it; empty means every region
     * @param previousRegions  the regions before the last change of regions (empty: every region);
     *                         null when they never changed
     * @param regionsChangedAt when they last changed; null when they never did
     */
    record Assignment(List<String> regions, List<String> previousRegions, Instant regionsChangedAt) {
        public Assignment {
            regions = List.copyOf(regions);
            previousRegions = previousRegions == null ? null : List.copyOf(previousRegions);
            if ((previousRegions == null) != (regionsChangedAt == null)) {
                throw new IllegalArgumentException("previous regions and the time they changed go together");
            }
        }

        /** Regions that never changed. */
        public Assignment(List<String> regions) {
            this(regions, null, null);
        }

        public boolean runsIn(String region) {
            return regions.isEmpty() || regions.contains(region);
        }

        /** Whether the check ran in the region before its regions last changed. */
        public boolean ranIn(String region) {
            return previousRegions != null && (previousRegions.isEmpty() || previousRegions.contains(region));
        }
    }

    /** Every check with its text and files' content (for the probes' download), by name. */
    List<StoredCheck> listWithContent();

    boolean delete(String name);
}
