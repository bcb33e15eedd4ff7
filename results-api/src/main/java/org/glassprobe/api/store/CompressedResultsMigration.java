package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Makes PostgreSQL keep each result's JSON compressed in its row. PostgreSQL compresses a value
 * only in rows over {@code toast_tuple_target} (about 2 KB by default), and a result's JSON is
 * about 560 bytes, so it was stored as it came; with a target of 128 bytes and the column's storage
 * {@code MAIN} (compressed, kept in the row), it is compressed where that saves a quarter or more.
 * Storage parameters are PostgreSQL's own, hence Java; H2 compresses its pages instead (the
 * {@code COMPRESS} setting {@link Database} opens it with), so there is nothing to do on H2. Rows
 * stored before stay as they are; reading is the same for both.
 */
final class CompressedResultsMigration implements JavaMigration {
    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("20");
    }

    @Override
    public String getDescription() {
        return "results compressed on postgresql";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE results ALTER COLUMN body SET STORAGE MAIN");
            s.execute("ALTER TABLE results SET (toast_tuple_target = 128)");
        }
    }
}
