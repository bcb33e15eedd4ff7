package org.glassprobe.scheduler;

import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Quartz's JDBC job store in a database that several schedulers share, so that each periodic job
 * runs once across all of them and moves to another when one dies. The database must hold Quartz's
 * tables (prefix {@code QRTZ_}), made from the script Quartz ships for it.
 *
 * @param dataSource      the database; lent to Quartz, which never closes it
 * @param dialect         how Quartz speaks to that database
 * @param instanceId      this member's id in the cluster, unique among its members; {@code AUTO}
 *                        lets Quartz make one from the host name and the time
 * @param checkinInterval how often a member tells the others it is alive; one silent for longer
 *                        is taken for dead and its jobs go to the others
 */
public record ClusteredStore(DataSource dataSource, Dialect dialect, String instanceId, Duration checkinInterval) {
    /** Let Quartz name each member (host name and start time). */
    public static final String AUTO_ID = "AUTO";

    /** How Quartz speaks to the database: its "driver delegate". */
    public enum Dialect {
        /** Standard JDBC: H2 and others. */
        STANDARD("org.quartz.impl.jdbcjobstore.StdJDBCDelegate"),
        /** PostgreSQL, whose binary columns are {@code bytea}. */
        POSTGRESQL("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");

        private final String delegateClass;

        Dialect(String delegateClass) {
            this.delegateClass = delegateClass;
        }

        String delegateClass() {
            return delegateClass;
        }
    }

    public ClusteredStore {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(checkinInterval, "checkinInterval");
        if (instanceId.isBlank()) {
            throw new IllegalArgumentException("a cluster member needs an instance id (or " + AUTO_ID + ")");
        }
        if (checkinInterval.toMillis() < 1) {
            throw new IllegalArgumentException("checkinInterval must be at least 1 ms, was " + checkinInterval);
        }
    }

    /** A member named by Quartz that checks in every 5 s. */
    public static ClusteredStore of(DataSource dataSource, Dialect dialect) {
        return new ClusteredStore(dataSource, dialect, AUTO_ID, Duration.ofSeconds(5));
    }
}
