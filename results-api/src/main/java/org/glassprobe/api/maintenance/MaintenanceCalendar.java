package org.glassprobe.api.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which checks are inside a maintenance window when: what ingestion, the outage decisions and the
 * page ask. The windows are cached for a few seconds (other replicas' changes show within that
 * time), and dropped from the cache at once when this replica changes them.
 */
public final class MaintenanceCalendar {
    private static final Duration CACHE = Duration.ofSeconds(2);

    private final MaintenanceStore store;
    private volatile List<MaintenanceWindow> cached;
    private volatile long cachedAtNanos;

    public MaintenanceCalendar(MaintenanceStore store) {
        this.store = store;
    }

    /** Whether the check is inside a maintenance window at the time. */
    public boolean covers(String check, Instant at) {
        List<MaintenanceWindow> windows = cached;
        if (windows == null || System.nanoTime() - cachedAtNanos > CACHE.toNanos()) {
            windows = store.list();
            cached = windows;
            cachedAtNanos = System.nanoTime();
        }
        return windows.stream().anyMatch(w -> w.covers(check, at));
    }

    /** Every window, oldest first, as stored now. */
    public List<MaintenanceWindow> list() {
        return store.list();
    }

    /** The windows changed here: the next question reads them again. */
    void forget() {
        cached = null;
    }
}
