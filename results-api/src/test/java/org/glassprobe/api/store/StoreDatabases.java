package org.glassprobe.api.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.glassprobe.api.TestPostgres;
import org.glassprobe.api.config.ApiConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the store contract tests: each case runs once on H2 (a file in a temporary folder)
 * and once on PostgreSQL (a schema of its own, dropped afterwards, in the database that
 * {@code GLASSPROBE_TEST_POSTGRES_URL} names), each migrated as the API migrates it at its start.
 * Where no PostgreSQL is configured its case is reported as skipped, never left out.
 */
abstract class StoreDatabases {
    /** Connections per store: the stores' methods use one at a time; other workers share the server. */
    private static final int POOL_SIZE = 2;

    @TempDir
    Path dir;

    private Database db;
    private TestPostgres schema;

    /** The databases every contract runs on: always both, so that a missing one shows as skipped. */
    static Stream<String> databases() {
        return Stream.of("H2", "PostgreSQL");
    }

    /** A fresh, migrated database of that name, closed (and its schema dropped) after the case. */
    Database open(String name) throws SQLException {
        db = Database.open(config(name), dir);
        return db;
    }

    /**
     * A fresh database of that name migrated only up to {@code version}, as an API of that version
     * left it, with {@code before} run on it; then opened as the API opens it (migrated to the end).
     */
    Database openAfter(String name, String version, SqlWork<Void> before) throws SQLException {
        ApiConfig.Database config = config(name);
        try (var pool = new com.zaxxer.hikari.HikariDataSource()) {
            pool.setJdbcUrl(config.url());
            pool.setUsername(config.user());
            pool.setPassword(config.password());
            Database.migrations(pool).target(version).load().migrate();
            try (Connection c = pool.getConnection()) {
                before.run(c);
            }
        }
        return open(name);
    }

    private ApiConfig.Database config(String name) throws SQLException {
        if (name.equals("H2")) {
            return new ApiConfig.Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                    + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", POOL_SIZE);
        }
        if (schema == null) {
            schema = TestPostgres.create("gp_contract_").orElse(null);
        }
        Assumptions.assumeTrue(schema != null, "GLASSPROBE_TEST_POSTGRES_URL is not set: no PostgreSQL to run the"
                + " store contract on (see .ci/run)");
        return schema.database(POOL_SIZE);
    }

    /**
     * On PostgreSQL, gives these text columns a language's collation, as every text column has in a
     * database created with an en_US locale, so that a case can show that an order it expects does
     * not depend on the collation; nothing on H2.
     */
    void collateByLanguage(String table, String... columns) throws SQLException {
        if (schema == null) {
            return;
        }
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String column : columns) {
                int length;
                try (ResultSet r = s.executeQuery("SELECT character_maximum_length FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND table_name = '" + table + "' AND column_name = '"
                        + column + "'")) {
                    Assertions.assertTrue(r.next(), "no column " + table + "." + column);
                    length = r.getInt(1);
                }
                s.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE VARCHAR(" + length
                        + ") COLLATE \"en-x-icu\"");
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }
}
