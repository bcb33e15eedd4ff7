package org.glassprobe.api.liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.glassprobe.api.auth.Caller;

/** What liveness needs stored: each probe's status and last heartbeat, its events, the watchdog's clock. */
public interface LivenessStore {
    /**
     * A heartbeat as liveness judged it.
     *
     * @param receivedAt  when the API received it
     * @param heardAt     when the probe was last known alive by it: when it was received, or, for a
     *                    heartbeat that waited in a queue while the API could not hear, when it was sent
     * @param clockSkewMs the probe's clock minus the API's (null: unknown; a late heartbeat keeps the old one)
     * @param late        sent long before it was received, across a time the API could not hear: it
     *                    says the probe was alive then, not now, so it brings no probe back up
     */
    record HeartbeatWrite(Heartbeat beat, Instant receivedAt, Instant heardAt, Long clockSkewMs, boolean late) {}

    /** A span in which the API could not hear its probes, and why. */
    record DeafPeriod(Instant from, Instant to, String reason) {}

    List<Probe> list();

    Optional<Probe> findById(long id);

    /**
     * Records a heartbeat: the probe's last known moment alive moves forward to {@code heardAt},
     * and a probe that was not up is up from now on (unless the heartbeat is late), the change
     * recorded as an event, with the heartbeat before the silence it ends, in the same transaction.
     */
    Optional<ProbeEvent> heartbeat(Caller.ProbeCaller probe, HeartbeatWrite w);

    /**
     * Moves a probe to a new status if it is still as the caller saw it (same status, same last
     * heartbeat): a heartbeat that arrived meanwhile wins. Records the event in the same transaction.
     */
    Optional<ProbeEvent> transition(Probe seen, ProbeStatus to, Instant at);

    /**
     * The watchdog's look at the clock: when the previous look (by any replica) is more than
     * {@code deafAfter} ago, the time between is a deaf period (the API was stopped, frozen or
     * without its database), stored and returned.
     */
    Optional<DeafPeriod> tick(Instant now, Duration deafAfter);

    /** When the watchdog (of any replica) last looked, if ever. */
    Optional<Instant> lastTick();

    /** Stores a span in which heartbeats could not be heard. */
    void deaf(DeafPeriod period);

    /** The deaf periods that ended after {@code after}, oldest first. */
    List<DeafPeriod> deafPeriods(Instant after);
}
