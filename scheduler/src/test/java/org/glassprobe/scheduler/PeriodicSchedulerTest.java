package org.glassprobe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The periodic jobs' logic on a clock the test moves, each run fired by hand (the clock stands in
 * 2100, where Quartz never gets during a test); then on real time, that Quartz fires them, alone
 * and clustered on a shared database so that each planned run happens once across the members.
 */
class PeriodicSchedulerTest {
    private static final Instant T = Instant.parse("2100-01-01T00:00:00Z");

    /** The database did not answer, as the API's store says so. */
    private static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final ch.qos.logback.classic.Logger logger =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(PeriodicScheduler.class);

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    private static PeriodicScheduler.Options alone(String name, Clock clock) {
        return new PeriodicScheduler.Options(name, 2, Optional.empty(), clock, Unavailable.class::isInstance);
    }

    private List<ILoggingEvent> events(Level level) {
        return logged.list.stream().filter(e -> e.getLevel() == level).toList();
    }

    @Test
    void each_task_is_planned_at_start_on_the_clock_then_every_interval() {
        try (PeriodicScheduler jobs = PeriodicScheduler.start(alone("p1", new MutableClock(T)), List.of(
                new PeriodicScheduler.Task("watchdog", Duration.ofSeconds(5), () -> {}),
                new PeriodicScheduler.Task("retention", Duration.ofHours(1), () -> {})))) {
            assertThat(jobs.nextRun("watchdog")).contains(T);
            assertThat(jobs.nextRun("retention")).contains(T);
            assertThat(jobs.nextRun("nothing")).isEmpty();
            assertThat(jobs.running()).isTrue();
        }
    }

    @Test
    void a_run_is_stamped_with_when_it_finished_on_the_clock() {
        MutableClock clock = new MutableClock(T);
        try (PeriodicScheduler jobs = PeriodicScheduler.start(alone("p2", clock), List.of(
                new PeriodicScheduler.Task("rollup", Duration.ofSeconds(30), () -> clock.advance(Duration.ofSeconds(2)))))) {
            assertThat(jobs.lastRuns()).isEmpty();
            jobs.fire("rollup", T);
            assertThat(jobs.lastRuns()).containsEntry("rollup", T.plusSeconds(2)).hasSize(1);
        }
    }

    @Test
    void a_transient_failure_is_a_warning_another_an_error_and_the_next_run_comes_either_way() {
        MutableClock clock = new MutableClock(T);
        AtomicInteger calls = new AtomicInteger();
        try (PeriodicScheduler jobs = PeriodicScheduler.start(alone("p3", clock), List.of(
                new PeriodicScheduler.Task("outages", Duration.ofSeconds(5), () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new Unavailable("connection refused");
                    }
                    throw new IllegalStateException("a bug");
                })))) {
            jobs.fire("outages", T);
            clock.advance(Duration.ofSeconds(5));
            jobs.fire("outages", T.plusSeconds(5));
            assertThat(calls).hasValue(2);
            assertThat(jobs.lastRuns()).as("a failed run is no run").isEmpty();
        }
        assertThat(events(Level.WARN)).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).contains("transient failure");
            assertThat(e.getKeyValuePairs()).anySatisfy(kv -> assertThat(kv.value).isEqualTo("connection refused"));
        });
        assertThat(events(Level.ERROR)).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage()).isEqualTo("periodic job failed");
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug");
        });
    }

    @Test
    void a_job_the_store_has_but_this_version_does_not_know_is_skipped() {
        try (PeriodicScheduler jobs = PeriodicScheduler.start(alone("p4", new MutableClock(T)), List.of())) {
            jobs.fire("from-an-older-version", T);
            assertThat(jobs.lastRuns()).isEmpty();
        }
        assertThat(events(Level.WARN)).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("does not know"));
    }

    @Test
    void two_tasks_with_one_name_are_refused() {
        assertThatThrownBy(() -> PeriodicScheduler.start(alone("p5", new MutableClock(T)), List.of(
                new PeriodicScheduler.Task("x", Duration.ofSeconds(1), () -> {}),
                new PeriodicScheduler.Task("x", Duration.ofSeconds(2), () -> {}))))
                .hasMessage("two jobs are named x");
    }

    @Test
    void quartz_runs_each_task_at_start_and_then_every_interval_and_stops_on_close() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicScheduler jobs = PeriodicScheduler.start(alone("p6", Clock.systemUTC()), List.of(
                new PeriodicScheduler.Task("often", Duration.ofMillis(100), runs::incrementAndGet)));
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 3);
        assertThat(jobs.lastRuns()).containsKey("often");
        jobs.close();
        assertThat(jobs.running()).isFalse();
    }

    @Test
    void clustered_on_one_database_each_planned_run_happens_once_across_the_members() throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:quartz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection keepAlive = db.getConnection()) {
            createQuartzTables(keepAlive);
            List<String> runs = new CopyOnWriteArrayList<>();
            List<PeriodicScheduler> members = new ArrayList<>();
            try {
                Instant bothStarted = null;
                for (String member : List.of("a", "b")) {
                    members.add(member(db, "test-cluster", member, 2, new PeriodicScheduler.Task("shared",
                            Duration.ofMillis(300), () -> runs.add(Instant.now() + " " + member))));
                    bothStarted = Instant.now();
                }
                Instant from = bothStarted;
                await().atMost(Duration.ofSeconds(30)).until(() -> after(runs, from).size() >= 6);
                List<Instant> times = after(runs, from);
                // +3: the run due at the start, the one in progress at the end, and one fire that the
                // first member to pick the trigger up may find missed and run at once (Quartz's misfire
                // rule), seen as two runs some 30 ms apart on a busy machine
                long planned = Duration.between(from, Instant.now()).toMillis() / 300 + 3;
                // Counted, not timed: a busy machine only delays runs (fewer of them), while a planned
                // run taken by both members would double the count.
                assertThat(times).as("each run planned every 300 ms happens once across the members: %s", runs)
                        .hasSizeLessThanOrEqualTo((int) planned);
            } finally {
                members.forEach(PeriodicScheduler::close);
            }
        }
    }

    @Test
    void a_member_that_starts_joins_the_clusters_schedule_rather_than_running_its_jobs_again_at_once()
            throws Exception {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:quartz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection keepAlive = db.getConnection()) {
            createQuartzTables(keepAlive);
            List<String> runs = new CopyOnWriteArrayList<>();
            List<PeriodicScheduler> members = new ArrayList<>();
            try {
                members.add(member(db, "join-cluster", "a", 1, rare(Duration.ofMinutes(10), "a", runs)));
                await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 1);
                Instant planned = members.get(0).nextRun("rare").orElseThrow();

                members.add(member(db, "join-cluster", "b", 1, rare(Duration.ofMinutes(10), "b", runs)));
                Thread.sleep(1_500);

                assertThat(runs).as("the job ran once, at the first member's start").containsExactly("a");
                assertThat(members.get(1).nextRun("rare")).contains(planned);

                members.add(member(db, "join-cluster", "c", 1, rare(Duration.ofMinutes(20), "c", runs)));
                await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 2);
                assertThat(members.get(2).nextRun("rare")).as("a changed interval is planned afresh")
                        .hasValueSatisfying(next -> assertThat(next).isAfter(planned));
            } finally {
                members.forEach(PeriodicScheduler::close);
            }
        }
    }

    /** A member of the cluster {@code cluster} on {@code db}, started with one task. */
    private static PeriodicScheduler member(JdbcDataSource db, String cluster, String name, int threads,
            PeriodicScheduler.Task task) {
        ClusteredStore store = new ClusteredStore(db, ClusteredStore.Dialect.STANDARD, "member-" + name,
                Duration.ofSeconds(1));
        return PeriodicScheduler.start(new PeriodicScheduler.Options(cluster, threads, Optional.of(store),
                Clock.systemUTC(), e -> false), List.of(task));
    }

    /** The task "rare", which notes each run under the member's name. */
    private static PeriodicScheduler.Task rare(Duration every, String member, List<String> runs) {
        return new PeriodicScheduler.Task("rare", every, () -> runs.add(member));
    }

    /** The times of the runs at or after {@code from}, in order. */
    private static List<Instant> after(List<String> runs, Instant from) {
        return runs.stream().map(r -> Instant.parse(r.substring(0, r.indexOf(' ')))).filter(t -> !t.isBefore(from))
                .sorted().toList();
    }

    /** Quartz's own H2 script, as the API's migration runs it. */
    private static void createQuartzTables(Connection c) throws IOException, SQLException {
        String script;
        try (InputStream in = PeriodicSchedulerTest.class.getClassLoader()
                .getResourceAsStream("org/quartz/impl/jdbcjobstore/tables_h2.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Statement s = c.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank() && !statement.strip().equalsIgnoreCase("commit")) {
                    s.execute(statement);
                }
            }
        }
    }
}
