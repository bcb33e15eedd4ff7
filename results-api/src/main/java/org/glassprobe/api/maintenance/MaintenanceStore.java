package org.glassprobe.api.maintenance;

import java.util.List;

/** What maintenance needs stored: the windows. */
public interface MaintenanceStore {
    /** Stores a new window unless there are {@code max} already. */
    boolean create(MaintenanceWindow w, int max);

    /** Every window, oldest first. */
    List<MaintenanceWindow> list();

    boolean delete(String id);
}
