package org.glassprobe.api.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/** Values the API keeps for itself, by name (for example the generated admin token's hash). */
public final class SettingsStore {
    private final Database db;
    private final Clock clock;

    public SettingsStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<String> get(String name) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT setting_value FROM api_settings WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Stores the value unless one is stored already; returns the value now stored. */
    public String putIfAbsent(String name, String value) {
        return db.journaled(new JournalOp.PutSetting(name, value), c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT setting_value FROM api_settings WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO api_settings (name, setting_value, updated_at) VALUES (?, ?, ?)")) {
                s.setString(1, name);
                s.setString(2, value);
                s.setLong(3, clock.millis());
                s.executeUpdate(); // a concurrent insert fails here; the retried transaction then finds it
            }
            return value;
        });
    }
}
