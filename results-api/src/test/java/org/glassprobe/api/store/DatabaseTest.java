package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.glassprobe.api.config.ApiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    private Database open() {
        return Database.open(new ApiConfig.Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 4), dir);
    }

    @Test
    void work_run_as_a_read_cannot_write_and_says_where_it_belongs() {
        try (Database db = open()) {
            assertThatThrownBy(() -> db.read(c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE api_settings SET updated_at = 0")) {
                    return s.executeUpdate();
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only")
                    .hasMessageContaining("Database.transaction");
            assertThatThrownBy(() -> db.read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("  delete from api_settings");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("DELETE");
            long count = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM api_settings")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(count).as("reading goes through").isZero();
        }
    }

    @Test
    void a_write_that_holds_the_turn_is_seen_until_it_ends() throws Exception {
        try (Database db = open()) {
            assertThat(db.writeHeldFor()).isEqualTo(Duration.ZERO);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> db.transaction(c -> {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE api_settings SET updated_at = 0");
                }
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThat(db.writeHeldFor()).as("held while the write runs").isGreaterThanOrEqualTo(Duration.ofMillis(50));
            release.countDown();
            write.get(30, TimeUnit.SECONDS);
            assertThat(db.writeHeldFor()).as("free once it committed").isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void compaction_rewrites_what_deleted_rows_left_and_keeps_every_row() {
        String value = "x".repeat(1500);
        try (Database db = open()) {
            insertInCommitsOf100(db, 40, value);
            db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM api_settings WHERE MOD(updated_at, 10) <> 0");
                }
            });
            assertThat(db.compact(Duration.ofSeconds(5))).as("chunks mostly deleted are rewritten").isTrue();
            assertThat(rows(db)).isEqualTo(400);
        }
        try (Database db = open()) {
            assertThat(rows(db)).as("after a restart too").isEqualTo(400);
            String kept = db.read(c -> {
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT setting_value FROM api_settings WHERE name = 'k3990'")) {
                    return r.next() ? r.getString(1) : null;
                }
            });
            assertThat(kept).isEqualTo(value + 3990);
        }
    }

    @Test
    void compaction_gives_back_the_file_s_end_while_the_newest_rows_stay_there() throws Exception {
        byte[] noise = new byte[1100];
        new java.util.Random(3).nextBytes(noise);
        String value = java.util.Base64.getEncoder().encodeToString(noise); // H2 compresses its pages: not repetitive
        Path file = dir.resolve("db.mv.db");
        try (Database db = open()) {
            insertInCommitsOf100(db, 60, value);
            // as retention does: the oldest rows go, the newest (written last, at the file's end) stay
            db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM api_settings WHERE name LIKE 'k%' AND updated_at < 5400");
                }
            });
            long before = Files.size(file);
            for (int i = 0; i < 5; i++) {
                // the API keeps writing between two compactions: H2 drops a dead chunk at a later commit
                db.transaction(c -> {
                    try (Statement s = c.createStatement()) {
                        return s.executeUpdate("UPDATE api_settings SET updated_at = updated_at + 1 WHERE name = 'k5999'");
                    }
                });
                db.compact(Duration.ofSeconds(5));
            }
            long after = Files.size(file);
            assertThat(after).as("the file of %,d bytes shrinks while the API runs", before).isLessThan(before / 2);
            assertThat(rows(db)).isEqualTo(600);
        }
        try (Database db = open()) {
            assertThat(rows(db)).as("after a restart too").isEqualTo(600);
        }
    }

    /**
     * Settings k0, k1, ... (value + their number, updated_at their number), 100 a commit, with H2's
     * retention time 0 first: H2 rewrites only chunks older than it (45 s); none here.
     */
    private static void insertInCommitsOf100(Database db, int commits, String value) {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("SET RETENTION_TIME 0");
            }
        });
        for (int commit = 0; commit < commits; commit++) {
            int first = commit * 100;
            db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO api_settings (name, setting_value, updated_at) VALUES (?, ?, ?)")) {
                    for (int i = first; i < first + 100; i++) {
                        s.setString(1, "k" + i);
                        s.setString(2, value + i);
                        s.setLong(3, i);
                        s.addBatch();
                    }
                    return s.executeBatch().length;
                }
            });
        }
    }

    private static long rows(Database db) {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM api_settings WHERE name LIKE 'k%'")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void h2_writes_every_commit_before_it_returns() {
        try (Database db = open()) {
            String delay = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM"
                        + " INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                    r.next();
                    return r.getString(1);
                }
            });
            assertThat(delay).isEqualTo("0");
        }
    }
}
