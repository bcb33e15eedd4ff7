package org.glassprobe.demo.faults;

import java.util.Map;
import java.util.TreeMap;

/**
 * The faults in force on the main port, read on every request; changed only through {@link FaultSwitch}.
 * There is one fault for every request and, per region, a fault for the requests whose header
 * {@value RegionLags#HEADER} names that region: a region's own fault replaces, for its requests,
 * the fault for every request.
 */
public final class FaultState {

    private volatile ActiveFault active = new ActiveFault(Fault.NONE);
    /** Immutable, replaced on each change: a request reads it once. */
    private volatile Map<String, ActiveFault> regional = Map.of();

    /** The fault for every request (regions with their own fault aside). */
    public Fault fault() {
        return active.fault();
    }

    /** The regions with their own fault, by name. */
    public Map<String, Fault> regionFaults() {
        Map<String, Fault> faults = new TreeMap<>();
        regional.forEach((region, fault) -> faults.put(region, fault.fault()));
        return faults;
    }

    /** The fault a region's requests get: its own, or the one for every request. */
    public Fault faultFor(String region) {
        return activeFor(region).fault();
    }

    /**
     * True while {@code corrupt} is on for a request from {@code region} (null: no header):
     * image bytes are to be served altered.
     */
    public boolean corruptsImages(String region) {
        return activeFor(region).fault().mode() == FaultMode.CORRUPT;
    }

    ActiveFault active() {
        return active;
    }

    /** The fault a request with that region header (or null) gets; one volatile read more when no region has one. */
    ActiveFault activeFor(String region) {
        Map<String, ActiveFault> byRegion = regional;
        if (region != null && !byRegion.isEmpty()) {
            ActiveFault own = byRegion.get(region);
            if (own != null) {
                return own;
            }
        }
        return active;
    }

    void activate(Fault fault) {
        active = new ActiveFault(fault);
    }

    /** Gives a region its own fault; {@code none} removes it, so the region gets the fault for every request again. */
    void activate(String region, Fault fault) {
        Map<String, ActiveFault> next = new java.util.HashMap<>(regional);
        if (fault.mode() == FaultMode.NONE) {
            next.remove(region);
        } else {
            next.put(region, new ActiveFault(fault, region));
        }
        regional = Map.copyOf(next);
    }

    void clearRegions() {
        regional = Map.of();
    }
}
