package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A migration written in Java, where SQL alone cannot say it (H2 and PostgreSQL differ, or rows are
 * computed): its version and description given here, run inside the migration's transaction, and
 * without a checksum (Flyway validates SQL scripts by theirs; a class's text is not read).
 */
abstract class StoreMigration implements JavaMigration {
    private final MigrationVersion version;
    private final String description;

    StoreMigration(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    @Override
    public final MigrationVersion getVersion() {
        return version;
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final Integer getChecksum() {
        return null;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }

    /** Whether the migration runs on PostgreSQL (else on H2). */
    static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
