package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.List;

/**
 * Asks other regions to confirm what a region's latest run says (confirmation runs), and tells a
 * decision whether their answers are still awaited: while they are, a failure is not yet known to
 * be regional and is not announced as one.
 */
public interface Confirmer {
    /** Never confirms: decisions wait for the probes' schedules. */
    Confirmer NONE = (subject, voters, votes, previous, maintenance, now) -> false;

    /**
     * Starts a confirmation round when the votes call for one and the bounds allow it; never throws
     * for a database failure (the decision goes on without confirmations).
     *
     * @return whether a round of this check awaits answers now
     */
    boolean confirming(Subject subject, List<Voter> voters, List<Vote> votes, Previous previous, boolean maintenance,
            Instant now);
}
