package org.glassprobe.api.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.glassprobe.api.liveness.ProbeEvent;

/**
 * Turns probes' liveness changes ({@code probe_events}, each written with the status it records)
 * into {@code probe.down} and {@code probe.up} deliveries: the feed's cursor moves in the same
 * transaction as the deliveries are written, so each change is announced once, even across
 * replicas and restarts.
 */
public final class ProbeEventFeed {
    static final String FEED = "probe_events";

    /** Where the changes are read: every probe's events after an event id, oldest first. */
    @FunctionalInterface
    public interface ProbeEvents {
        List<ProbeEvent> after(long afterId, int limit);
    }

    private static final int BATCH = 200;

    private final ProbeEvents probes;
    private final OutboxStore store;
    private final Function<ProbeEvent, Optional<OutboundEvent>> announce;
    private final Runnable afterEvents;
    private final Clock clock;

    /**
     * @param announce    the event subscribers hear of a change, if any (down; up after down)
     * @param afterEvents run after changes were turned into deliveries (wakes the sender, decides again)
     */
    public ProbeEventFeed(ProbeEvents probes, OutboxStore store, Function<ProbeEvent, Optional<OutboundEvent>> announce,
            Runnable afterEvents, Clock clock) {
        this.probes = probes;
        this.store = store;
        this.announce = announce;
        this.afterEvents = afterEvents;
        this.clock = clock;
    }

    /** Forwards every change not forwarded yet; returns how many changes were read. */
    public int runOnce() {
        int read = 0;
        while (true) {
            long from = store.cursor(FEED);
            List<ProbeEvent> changes = probes.after(from, BATCH);
            if (changes.isEmpty()) {
                break;
            }
            List<OutboundEvent> events = new ArrayList<>();
            changes.forEach(c -> announce.apply(c).ifPresent(events::add));
            if (!store.advance(FEED, from, changes.get(changes.size() - 1).id(), events, clock.instant())) {
                break; // another replica forwarded them
            }
            read += changes.size();
            if (changes.size() < BATCH) {
                break;
            }
        }
        if (read > 0) {
            afterEvents.run();
        }
        return read;
    }
}
