package org.glassprobe.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.glassprobe.api.config.ApiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's database: a HikariCP pool, the schema brought up to date by Flyway, and transactions
 * that are retried when two writers collide on a unique key.
 */
public final class Database implements AutoCloseable {
    /** The SQL state of a unique-key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final int ATTEMPTS = 3;

    private final Logger logger = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;
    private final Vendor vendor;

    /** Which database is behind the URL: Quartz needs its own delegate for each. */
    public enum Vendor {
        H2, POSTGRESQL;

        static Vendor of(String url) {
            String u = url.toLowerCase(Locale.ROOT);
            if (u.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (u.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalArgumentException("database.url must be an H2 (jdbc:h2:...) or PostgreSQL"
                    + " (jdbc:postgresql:...) URL, found '" + url + "'");
        }
    }

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws IllegalArgumentException when the URL is of an unsupported database
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(ApiConfig.Database settings, Path dataDir) {
        Vendor vendor = Vendor.of(settings.url());
        if (vendor == Vendor.H2) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new StoreException("cannot create the data directory " + dataDir.toAbsolutePath() + ": "
                        + e.getMessage(), e);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("glassprobe-db");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database " + settings.url() + ": " + rootMessage(e), e);
        }
        Database db = new Database(pool, vendor);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the database " + settings.url() + ": " + rootMessage(e), e);
        }
        return db;
    }

    private void migrate() {
        var result = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .javaMigrations(new QuartzTablesMigration())
                .cleanDisabled(true)
                .load()
                .migrate();
        logger.atInfo().addKeyValue("applied", result.migrationsExecuted)
                .addKeyValue("version", result.targetSchemaVersion).log("database schema up to date");
    }

    public DataSource dataSource() {
        return pool;
    }

    public Vendor vendor() {
        return vendor;
    }

    /** Whether a trivial query answers within a few seconds. */
    public boolean reachable() {
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            s.setQueryTimeout(3);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Runs the work in one transaction, retrying it when a unique key or serialization conflict aborts it. */
    <T> T transaction(SqlWork<T> work) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, work);
    }

    <T> T transaction(int isolation, SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(isolation);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                last = e;
                if (!retryable(e) || attempt == ATTEMPTS) {
                    break;
                }
                logger.atDebug().addKeyValue("attempt", attempt).addKeyValue("sqlState", e.getSQLState())
                        .log("transaction conflicted; trying again");
            }
        }
        throw new StoreException("database error: " + last.getMessage(), last);
    }

    private static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (UNIQUE_VIOLATION.equals(s.getSQLState())
                    || SERIALIZATION_FAILURE.equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        pool.close();
    }
}
