package org.glassprobe.api.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.glassprobe.api.MutableClock;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.store.Database;
import org.glassprobe.api.store.JdbcJourneyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers' wait on a real (H2) store: bounded, and answered at once when it need not wait. */
class JourneyServiceTest {
    @TempDir
    Path dir;

    @Test
    void beyond_the_cap_of_waiters_a_reader_is_answered_at_once() throws Exception {
        Instant round = Instant.parse("2026-03-02T10:00:00Z");
        try (Database db = Database.open(new ApiConfig.Database("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2), dir);
                JourneyService journeys = new JourneyService(new JdbcJourneyStore(db), new JourneyService.Options(
                        Duration.ofDays(7), 2, Duration.ofMillis(100), new MutableClock(round)))) {
            CompletableFuture<JourneyService.Newest> first = journeys.newest("img", round, Duration.ofSeconds(20));
            CompletableFuture<JourneyService.Newest> second = journeys.newest("img", round, Duration.ofSeconds(20));
            long started = System.nanoTime();
            CompletableFuture<JourneyService.Newest> third = journeys.newest("img", round, Duration.ofSeconds(20));
            assertThat(third).as("two wait already").isDone();
            assertThat(third.get().object()).isEmpty();
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
            assertThat(journeys.waiting()).isEqualTo(2);

            CompletableFuture<JourneyService.Newest> none = journeys.newest("img", null, Duration.ofSeconds(20));
            assertThat(none).as("no round asked for: no wait").isDone();
            CompletableFuture<JourneyService.Newest> zero = journeys.newest("img", round, Duration.ZERO);
            assertThat(zero).as("no wait asked for").isDone();

            CompletableFuture<JourneyService.Newest> shortWait;
            first.cancel(true); // a reader gone: its place is free again
            assertThat(journeys.waiting()).isEqualTo(1);
            shortWait = journeys.newest("img", round, Duration.ofMillis(250));
            assertThat(shortWait).isNotDone();
            assertThat(shortWait.get().object()).as("the wait ended with what there is").isEmpty();
            assertThat(journeys.waiting()).isEqualTo(1);
        }
    }
}
