package org.glassprobe.api.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.glassprobe.api.maintenance.MaintenanceStore;
import org.glassprobe.api.maintenance.MaintenanceWindow;

/** Maintenance windows (V12). */
public final class JdbcMaintenanceStore implements MaintenanceStore {
    private final Database db;

    public JdbcMaintenanceStore(Database db) {
        this.db = db;
    }

    /** Stores a new window unless there are {@code max} already. */
    @Override
    public boolean create(MaintenanceWindow w, int max) {
        return db.journaled(new JournalOp.CreateMaintenance(w, max), c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM maintenance_windows")) {
                r.next();
                if (r.getLong(1) >= max) {
                    return false;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO maintenance_windows (id, check_name, starts_at,"
                    + " ends_at, cron, duration_ms, time_zone, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, w.id());
                Sql.setString(s, 2, w.check());
                Sql.setInstant(s, 3, w.startsAt());
                Sql.setInstant(s, 4, w.endsAt());
                Sql.setString(s, 5, w.cron());
                if (w.duration() == null) {
                    s.setNull(6, java.sql.Types.BIGINT);
                } else {
                    s.setLong(6, w.duration().toMillis());
                }
                Sql.setString(s, 7, w.timeZone() == null ? null : w.timeZone().getId());
                Sql.setString(s, 8, w.reason());
                s.setLong(9, w.createdAt().toEpochMilli());
                s.executeUpdate();
            }
            return true;
        });
    }

    /** Every window, oldest first. */
    @Override
    public List<MaintenanceWindow> list() {
        return db.read(c -> {
            List<MaintenanceWindow> windows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, check_name, starts_at,"
                    + " ends_at, cron, duration_ms, time_zone, reason, created_at FROM maintenance_windows"
                    + " ORDER BY created_at, id")) {
                while (r.next()) {
                    long duration = r.getLong("duration_ms");
                    boolean noDuration = r.wasNull();
                    String zone = r.getString("time_zone");
                    windows.add(new MaintenanceWindow(r.getString("id"), r.getString("check_name"),
                            Sql.getInstant(r, "starts_at"), Sql.getInstant(r, "ends_at"), r.getString("cron"),
                            noDuration ? null : Duration.ofMillis(duration), zone == null ? null : ZoneId.of(zone),
                            r.getString("reason"), Instant.ofEpochMilli(r.getLong("created_at"))));
                }
            }
            return windows;
        });
    }

    @Override
    public boolean delete(String id) {
        return db.journaled(new JournalOp.DeleteMaintenance(id), c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM maintenance_windows WHERE id = ?")) {
                s.setString(1, id);
                return s.executeUpdate() == 1;
            }
        });
    }
}
