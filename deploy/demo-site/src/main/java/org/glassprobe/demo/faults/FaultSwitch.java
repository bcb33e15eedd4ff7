package org.glassprobe.demo.faults;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the fault in force, doing what entering and leaving a mode needs: closing or
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

    public Fault current() {
        return state.fault();
    }

    /**
     * Puts {@code next} in force (setting the same mode again restarts its flaky count).
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
            hangs.startHolding();
        }
        state.activate(next);
        if (leavingHang && enteringRefuse) {
            hangs.releaseAllBeforeStopping(); // answered before the socket closes under them
        } else if (leavingHang) {
            hangs.releaseAll();
        }
        if (enteringRefuse) {
            try {
                listener.stopListening();
            } catch (RuntimeException failure) {
                state.activate(previous);
                throw failure;
            }
        }
        logger.atInfo().addKeyValue("fault", next.describe()).addKeyValue("previous", previous.describe())
                .log("fault set");
        return next;
    }

    public Fault clear() {
        return set(Fault.NONE);
    }

    /** Answers every held request now, without changing the fault: for shutting down. */
    public void releaseHeld() {
        hangs.releaseAllBeforeStopping();
    }
}
