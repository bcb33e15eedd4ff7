package org.glassprobe.demo.faults;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the faults in force, doing what entering and leaving a mode needs: closing or
 * reopening the listening socket for {@code refuse}, holding or releasing requests for {@code hang}.
 */
public final class FaultSwitch {

    private final Logger logger = LoggerFactory.getLogger(FaultSwitch.class);

    private final FaultState state;
    private final HangingRequests hangs;
    private final MainListener listener;

    public FaultSwitch(FaultState state, HangingRequests hangs, MainListener listener) {
        this.state = state;
        this.hangs = hangs;
        this.listener = listener;
    }

    /** The fault for every request. */
    public Fault current() {
        return state.fault();
    }

    /** The regions with their own fault, by name. */
    public Map<String, Fault> regions() {
        return state.regionFaults();
    }

    /**
     * Puts {@code next} in force for every request (setting the same mode again restarts its
     * flaky count). Regions with their own fault keep it, except that {@code none} clears every
     * fault, the regions' included.
     *
     * @throws IllegalStateException when the listening socket cannot be closed or bound again;
     *     the fault is then unchanged
     */
    public synchronized Fault set(Fault next) {
        Fault previous = state.fault();
        boolean enteringRefuse = next.mode() == FaultMode.REFUSE && previous.mode() != FaultMode.REFUSE;
        boolean leavingRefuse = previous.mode() == FaultMode.REFUSE && next.mode() != FaultMode.REFUSE;
        boolean leavingHang = previous.mode() == FaultMode.HANG && next.mode() != FaultMode.HANG;
        if (leavingRefuse) {
            listener.listenAgain();
        }
        if (next.mode() == FaultMode.HANG) {
            hangs.startHolding(null);
        }
        state.activate(next);
        Map<String, Fault> clearedRegions = Map.of();
        if (next.mode() == FaultMode.NONE) {
            clearedRegions = state.regionFaults();
            state.clearRegions();
            hangs.releaseEverywhere();
        } else if (leavingHang && enteringRefuse) {
            hangs.releaseAllBeforeRefusing(); // answered before the socket closes under them
        } else if (leavingHang) {
            hangs.releaseAll(null);
        }
        if (enteringRefuse) {
            try {
                listener.stopListening();
            } catch (RuntimeException failure) {
                state.activate(previous);
                throw failure;
            }
        }
        var log = logger.atInfo().addKeyValue("fault", next.describe()).addKeyValue("previous", previous.describe());
        if (!clearedRegions.isEmpty()) {
            log = log.addKeyValue("clearedRegions", clearedRegions.keySet());
        }
        log.log("fault set");
        return next;
    }

    /**
     * Puts {@code next} in force for the requests of {@code region} only (its header
     * {@value RegionLags#HEADER}); {@code none} removes the region's own fault, so its requests get
     * the fault for every request again.
     *
     * @throws IllegalArgumentException when the region is not a region name, or the mode acts on
     *     connections ({@link FaultMode#actsOnConnections()}); nothing is changed then
     */
    public synchronized Fault set(String region, Fault next) {
        if (!RegionLags.isRegion(region)) {
            throw new IllegalArgumentException("not a region: '" + region + "'; allowed: a region of " + RegionLags.REGION_TEXT);
        }
        if (next.mode().actsOnConnections()) {
            throw new IllegalArgumentException("fault " + next.mode().wireName() + " acts on the listening socket,"
                    + " which every region shares; it cannot apply to one region");
        }
        Fault previous = state.regionFaults().getOrDefault(region, Fault.NONE);
        boolean leavingHang = previous.mode() == FaultMode.HANG && next.mode() != FaultMode.HANG;
        if (next.mode() == FaultMode.HANG) {
            hangs.startHolding(region);
        }
        state.activate(region, next);
        if (leavingHang) {
            hangs.releaseAll(region);
        }
        logger.atInfo().addKeyValue("region", region).addKeyValue("fault", next.describe())
                .addKeyValue("previous", previous.describe()).log("region fault set");
        return next;
    }

    /** Clears every fault, the regions' included. */
    public Fault clear() {
        return set(Fault.NONE);
    }

    /** Answers every held request now, without changing the fault: for shutting down. */
    public void releaseHeld() {
        hangs.releaseAllBeforeStopping();
    }
}
