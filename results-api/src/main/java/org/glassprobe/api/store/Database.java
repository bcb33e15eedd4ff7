package org.glassprobe.api.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's database: a HikariCP pool, the schema brought up to date by Flyway, and transactions
 * that are retried when two writers collide on a unique key.
 *
 * <p>An answer of the API is a promise that what it acknowledged survives the death of the process
 * at any instant. PostgreSQL keeps that promise by itself (a commit is in its write-ahead log). The
 * embedded H2 store does not, on its own: killed, it has been seen to lose its newest commits, and,
 * when a write was going on in one thread while another committed, to come back with an index entry
 * whose row is gone or a row locked for ever by a transaction that no longer exists. So, on H2:
 * <ul>
 *   <li>every commit is written to the file before it returns ({@code WRITE_DELAY 0}), which also
 *       stops H2's background writer;</li>
 *   <li>write transactions take turns (one lock), so that whatever H2 writes to its file is a
 *       state between two of them, which its own recovery restores correctly;</li>
 *   <li>each acknowledged write is appended to a {@link Journal} before its transaction commits,
 *       and the number of the last one is written in that transaction; after an unclean stop the
 *       records after the number H2 came back with are done again ({@link #replay}).</li>
 * </ul>
 * A statement that cannot finish in time, or a writer that cannot get its turn, fails with a
 * {@link StoreException} (503 for a request) instead of holding a thread for ever.
 */
public final class Database implements AutoCloseable {
    /** The SQL state of a unique-key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final int ATTEMPTS = 3;
    /** The longest a statement may run, and a writer may wait for its turn on H2. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** H2's chunks less full than this (percent of their bytes still used) are rewritten by {@link #compact}. */
    private static final int COMPACT_FILL_RATE = 80;
    /** The most bytes one step of {@link #compact} rewrites before it checks its time. */
    private static final int COMPACT_WRITE_BYTES = 16 * 1024 * 1024;
    /** Below this percentage of the H2 file in use, {@link #compact} also moves chunks to shrink the file. */
    private static final int MOVE_BELOW_FILE_FILL_RATE = 50;
    /** The most moves of {@link #COMPACT_WRITE_BYTES} one {@link #compact} makes (each ends when nothing is left to move). */
    private static final int MAX_MOVES = 64;

    private final Logger logger = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;
    private final Vendor vendor;
    private final ReentrantLock writes = new ReentrantLock(true);
    private final ObjectMapper json = Json.newMapper();
    private Journal journal;
    private volatile long replaying;
    private volatile long turnTakenAt;
    private volatile long stuckLoggedAt;

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

    /** What {@link #replay} did: records written again, and records that could not be. */
    public record Replay(boolean uncleanStop, int replayed, int failed) {}

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    /** Opens the pool and migrates the schema, with the journal's defaults (see {@link #open(ApiConfig.Database, ApiConfig.Journal, Path, Clock)}). */
    public static Database open(ApiConfig.Database settings, Path dataDir) {
        return open(settings, new ApiConfig.Journal(false, Duration.ofMinutes(10)), dataDir, Clock.systemUTC());
    }

    /**
     * Opens the pool, migrates the schema and, on H2, opens the journal in {@code dataDir/journal}.
     *
     * @throws IllegalArgumentException when the URL is of an unsupported database
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(ApiConfig.Database settings, ApiConfig.Journal journal, Path dataDir, Clock clock) {
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
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.setConnectionInitSql(vendor == Vendor.H2 ? "SET QUERY_TIMEOUT " + STATEMENT_TIMEOUT.toMillis()
                : "SET statement_timeout = " + STATEMENT_TIMEOUT.toMillis());
        if (vendor == Vendor.H2 && !settings.url().toUpperCase(Locale.ROOT).contains(";COMPRESS=")) {
            // H2 writes its pages compressed (LZF): a stored result's JSON is mostly repeated names
            config.addDataSourceProperty("COMPRESS", "TRUE");
        }
        if (vendor == Vendor.POSTGRESQL) {
            // A batch of inserts goes as a few multi-row INSERTs instead of one statement per row: a batch
            // of 100 results is then a handful of round trips to the server instead of 100.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database " + settings.url() + ": " + rootMessage(e), e);
        }
        Database db = new Database(pool, vendor);
        try {
            if (vendor == Vendor.H2) {
                db.writeEveryCommit();
            }
            db.migrate();
            if (vendor == Vendor.H2) {
                db.journal = Journal.open(dataDir.resolve("journal"), new Journal.Options(journal.sync(),
                        64L * 1024 * 1024, journal.keep(), clock), db.applied());
            }
        } catch (StoreException e) {
            pool.close();
            throw e;
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the database " + settings.url() + ": " + rootMessage(e), e);
        }
        return db;
    }

    /**
     * H2 writes committed changes to its file in the background, up to {@code WRITE_DELAY} (500 ms)
     * later and from a thread of its own. With a delay of 0 every commit is written to the file (the
     * operating system's cache) before the commit returns, and no other thread writes. The setting
     * is the database's own (persistent), set at every start so that older files get it too.
     */
    private void writeEveryCommit() {
        try (Connection c = pool.getConnection(); var s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            throw new StoreException("cannot make H2 write every commit (SET WRITE_DELAY 0): " + e.getMessage(), e);
        }
    }

    private void migrate() {
        var result = migrations(pool).load().migrate();
        logger.atInfo().addKeyValue("applied", result.migrationsExecuted)
                .addKeyValue("version", result.targetSchemaVersion == null ? result.initialSchemaVersion
                        : result.targetSchemaVersion).log("database schema up to date");
    }

    /** Flyway with the API's migrations (the SQL scripts and the Java ones) on that data source. */
    static FluentConfiguration migrations(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new QuartzTablesMigration(), new DayRollupsMigration(), new ResultOrderIndexesMigration())
                .cleanDisabled(true);
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

    /**
     * Runs work that only reads, in one transaction, without waiting for the writers' turn on H2
     * (H2 readers see committed data and write nothing to its file). A statement that would write
     * fails: such work belongs in {@link #transaction}.
     */
    <T> T read(SqlWork<T> work) {
        return read(Connection.TRANSACTION_READ_COMMITTED, work);
    }

    <T> T read(int isolation, SqlWork<T> work) {
        try {
            return once(isolation, false, null, c -> work.run(ReadOnly.wrap(c)));
        } catch (SQLException e) {
            throw new StoreException("database error: " + e.getMessage(), e);
        }
    }

    /** Runs the work in one transaction, retrying it when a unique key or serialization conflict aborts it. */
    <T> T transaction(SqlWork<T> work) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, null, work);
    }

    <T> T transaction(int isolation, SqlWork<T> work) {
        return transaction(isolation, null, work);
    }

    /**
     * Runs a write the API acknowledges (or announces) in one transaction; on H2 the operation is
     * appended to the journal before the transaction commits. The operation must be one that
     * {@link JournalReplay} can do again: the same store method with the same arguments.
     */
    <T> T journaled(JournalOp op, SqlWork<T> work) {
        return transaction(Connection.TRANSACTION_READ_COMMITTED, op, work);
    }

    private <T> T transaction(int isolation, JournalOp op, SqlWork<T> work) {
        // the record is written out before the writers' turn is taken: a batch of results is a
        // record of tens of kilobytes, and the turn is the one thing H2's writers wait for
        byte[] record = op == null || journal == null || replaying > 0 ? null : journalRecord(op);
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            boolean turn = takeTurn();
            try {
                return once(isolation, op != null, record, work);
            } catch (SQLException e) {
                last = e;
                if (!retryable(e) || attempt == ATTEMPTS) {
                    break;
                }
                logger.atDebug().addKeyValue("attempt", attempt).addKeyValue("sqlState", e.getSQLState())
                        .log("transaction conflicted; trying again");
            } finally {
                if (turn) {
                    turnTakenAt = 0;
                    writes.unlock();
                }
            }
        }
        throw new StoreException("database error: " + last.getMessage(), last);
    }

    /** On H2, waits for the writers' turn (a bounded time); elsewhere there is no turn to take. */
    private boolean takeTurn() {
        if (vendor != Vendor.H2) {
            return false;
        }
        try {
            if (writes.tryLock(STATEMENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                turnTakenAt = System.nanoTime();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration held = writeHeldFor();
        long now = System.nanoTime();
        if (now - stuckLoggedAt > Duration.ofMinutes(1).toNanos()) {
            stuckLoggedAt = now;
            logger.atError().addKeyValue("heldSeconds", held.toSeconds()).log("one write has held the database for"
                    + " long and the others fail (503); if it never ends, H2 is looping on a row its recovery left"
                    + " behind: stop the API and rebuild the file (docs/api.md, What an answer promises)");
        }
        throw new StoreException("the database is busy: no turn to write within " + STATEMENT_TIMEOUT.toSeconds()
                + " s", null);
    }

    /** How long the write now running on H2 has held the writers' turn (zero when none runs, and on PostgreSQL). */
    public Duration writeHeldFor() {
        long taken = turnTakenAt;
        return taken == 0 || !writes.isLocked() ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - taken);
    }

    private byte[] journalRecord(JournalOp op) {
        try {
            return json.writeValueAsBytes(op);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a journal record cannot be written as JSON: " + op, e);
        }
    }

    /**
     * @param journaled whether the write is one the journal holds
     * @param record    its journal record, written out (null during a replay: the record is the one replayed)
     */
    private <T> T once(int isolation, boolean journaled, byte[] record, SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            // the pool's connections are at READ COMMITTED; setting a level is a round trip to PostgreSQL,
            // so it is set (and set back) only when a transaction needs another one
            boolean otherLevel = isolation != Connection.TRANSACTION_READ_COMMITTED;
            if (otherLevel) {
                c.setTransactionIsolation(isolation);
            }
            try {
                T result = work.run(c);
                if (journaled && journal != null) {
                    long seq = replaying > 0 ? replaying : journal.append(record);
                    try (PreparedStatement s = c.prepareStatement(
                            "UPDATE journal_state SET last_seq = ? WHERE name = 'applied' AND last_seq < ?")) {
                        s.setLong(1, seq);
                        s.setLong(2, seq);
                        s.executeUpdate();
                    }
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                if (otherLevel) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * On H2, rewrites the file's chunks that are mostly unused (their rows replaced or deleted since)
     * into new ones, so that their space is reused, and when most of the file is unused moves chunks
     * from its end into the free space so that the file shrinks. H2's own background writer would do
     * this, but it does not run with {@code WRITE_DELAY 0}, and the file grew by about 5 KB per stored
     * result without it (and kept its largest size, 11 KB a result, with the rewriting alone). Takes the writers' turn, so that it writes a
     * state between two transactions, as every write does; spends at most {@code budget}. Nothing
     * to do on PostgreSQL, whose autovacuum makes deleted rows' space reusable.
     *
     * @return whether anything was rewritten
     */
    public boolean compact(Duration budget) {
        if (vendor != Vendor.H2) {
            return false;
        }
        boolean turn = takeTurn();
        try (Connection c = pool.getConnection()) {
            if (!(c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession() instanceof org.h2.engine.SessionLocal s)) {
                return false; // a server's database (jdbc:h2:tcp:): its own process keeps its file
            }
            org.h2.mvstore.MVStore store = s.getDatabase().getStore().getMvStore();
            long deadline = System.nanoTime() + budget.toNanos();
            long size = store.getFileStore().size();
            // The space freed inside the file is reused, but the file only shrinks when its end comes
            // free, and under steady writes the end holds the newest rows. When most of the file is
            // unused, H2's own compaction of the file runs first, as at a clean stop: it rewrites
            // sparse chunks and moves chunks from the end into the holes, overwriting a chunk's old
            // place only after its copy is synced. It sets the store's retention time to 0 for good;
            // that is set back.
            if (store.getFillRate() < MOVE_BELOW_FILE_FILL_RATE) {
                int retention = store.getRetentionTime();
                try {
                    store.compactFile((int) Math.max(1, budget.toMillis() / 2));
                } finally {
                    store.setRetentionTime(retention);
                }
            }
            boolean rewritten = false;
            while (System.nanoTime() < deadline && store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES)) {
                rewritten = true;
            }
            // compactFile moves chunks only when it also rewrote one: when the rewriting above left
            // nothing for it, move them here, as H2's housekeeping does (it runs only with a write
            // delay) under its store lock; the writers' turn keeps every other write out.
            for (int move = 0; move < MAX_MOVES && System.nanoTime() < deadline
                    && store.getFillRate() < MOVE_BELOW_FILE_FILL_RATE
                    && store.getFileStore() instanceof org.h2.mvstore.RandomAccessStore file; move++) {
                file.compactMoveChunks(101, COMPACT_WRITE_BYTES, store);
            }
            rewritten |= store.getFileStore().size() < size;
            return rewritten;
        } catch (SQLException | RuntimeException e) {
            throw new StoreException("cannot compact the database file: " + e.getMessage(), e);
        } finally {
            if (turn) {
                turnTakenAt = 0;
                writes.unlock();
            }
        }
    }

    /** The number of the last journal record whose transaction the database has. */
    private long applied() {
        return read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_seq FROM journal_state WHERE name = 'applied'");
                 ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /**
     * After an unclean stop of the embedded store: does again, in their order, the journaled
     * writes whose transactions the database does not have (each through {@code redo}, which calls
     * the store method the record names). Nothing to do on PostgreSQL or after a clean stop.
     */
    public Replay replay(Consumer<JournalOp> redo) {
        if (journal == null || !journal.uncleanStop()) {
            return new Replay(false, 0, 0);
        }
        long applied = applied();
        List<Journal.Entry> lost = journal.after(applied);
        long oldest = journal.oldest();
        if (oldest > applied + 1) {
            logger.atError().addKeyValue("applied", applied).addKeyValue("oldestKept", oldest)
                    .addKeyValue("journal", journal.dir().toAbsolutePath())
                    .log("the database came back older than the journal reaches: writes between these records may"
                            + " be missing; restore the data directory from a backup if they matter");
        }
        int replayed = 0;
        int failed = 0;
        for (Journal.Entry e : lost) {
            replaying = e.seq();
            try {
                redo.accept(json.readValue(e.payload(), JournalOp.class));
                replayed++;
            } catch (IOException | RuntimeException ex) {
                failed++;
                logger.atWarn().addKeyValue("record", e.seq()).addKeyValue("error", ex.toString())
                        .log("a journal record could not be written again; it is skipped");
            } finally {
                replaying = 0;
            }
        }
        logger.atInfo().addKeyValue("replayed", replayed).addKeyValue("failed", failed)
                .addKeyValue("from", lost.isEmpty() ? null : lost.get(0).seq())
                .addKeyValue("to", lost.isEmpty() ? null : lost.get(lost.size() - 1).seq())
                .log("the API did not stop cleanly: H2 restored its last complete state, and the acknowledged writes"
                        + " it had lost were written again from the journal");
        return new Replay(true, replayed, failed);
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

    /** Closes the pool (H2 writes its file and closes), then the journal: the next start is a clean one. */
    @Override
    public void close() {
        pool.close();
        if (journal != null) {
            journal.close();
        }
    }
}
