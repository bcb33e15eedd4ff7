package org.glassprobe.demo.faults;

/** The fault in force on the main port, read on every request; changed only through {@link FaultSwitch}. */
public final class FaultState {

    private volatile ActiveFault active = new ActiveFault(Fault.NONE);

    public Fault fault() {
        return active.fault();
    }

    /** True while {@code corrupt} is on: image bytes are to be served altered. */
    public boolean corruptsImages() {
        return active.fault().mode() == FaultMode.CORRUPT;
    }

    ActiveFault active() {
        return active;
    }

    void activate(Fault fault) {
        active = new ActiveFault(fault);
    }
}
