package org.glassprobe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's logic on a clock the test moves, each run fired by hand as Quartz would fire it:
 * the clock stands in the year 2100, so Quartz, which fires on the system's clock, never fires a
 * run planned on it during a test. Then, on real time with short intervals, that Quartz fires what
 * was planned: every assertion there is about what ran, never how fast.
 */
class IntervalSchedulerTest {
    /** Far ahead of the system's clock, and on every grid of whole 100 ms. */
    private static final Instant T = Instant.parse("2100-01-01T00:00:00Z");

    /** Records every run and every missed run, by job. */
    private static final class Recorder implements RunListener {
        final Map<String, List<ScheduledRun>> runs = new ConcurrentHashMap<>();
        final List<MissedRun> missed = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        @Override
        public void finished(ScheduledRun run, Duration took, Throwable failure) {
            runs.computeIfAbsent(run.job(), k -> new CopyOnWriteArrayList<>()).add(run);
            if (failure != null) {
                failures.add(failure);
            }
        }

        @Override
        public void missed(MissedRun m) {
            missed.add(m);
        }

        int count(String job) {
            return runs.getOrDefault(job, List.of()).size();
        }
    }

    private static JobDefinition job(String name, long intervalMillis, JobTask task) {
        return new JobDefinition(name, Duration.ofMillis(intervalMillis), "v1", task);
    }

    private static SchedulerOptions onClock(String name, MutableClock clock, Recorder recorder) {
        return SchedulerOptions.defaults(name).withWorkers(2).withListener(recorder).withClock(clock);
    }

    private static void assertOnGrid(Instant planned, String name, long period) {
        long offset = Spread.offsetMillis(name, Duration.ofMillis(period));
        assertThat(Math.floorMod(planned.toEpochMilli() - offset, period)).as(name + " on its grid").isZero();
    }

    @Test
    void each_job_is_planned_on_its_interval_at_the_offset_spread_by_its_name() {
        MutableClock clock = new MutableClock(T.plusMillis(30));
        try (IntervalScheduler scheduler = IntervalScheduler.start(onClock("c1", clock, new Recorder()))) {
            scheduler.replace(List.of(job("a", 200, run -> {}), job("b", 300, run -> {})));
            for (String name : List.of("a", "b")) {
                long period = name.equals("a") ? 200 : 300;
                Instant planned = scheduler.nextRun(name).orElseThrow();
                assertOnGrid(planned, name, period);
                assertThat(planned).as("the first slot from now").isAfterOrEqualTo(clock.instant())
                        .isBefore(clock.instant().plusMillis(period));
            }
        }
    }

    @Test
    void replacing_the_set_adds_changes_and_removes_jobs_without_a_restart() {
        MutableClock clock = new MutableClock(T);
        Recorder recorder = new Recorder();
        AtomicInteger newVersionRuns = new AtomicInteger();
        try (IntervalScheduler scheduler = IntervalScheduler.start(onClock("c2", clock, recorder))) {
            scheduler.replace(List.of(job("stays", 200, run -> {}), job("goes", 200, run -> {}),
                    job("slower", 200, run -> {})));
            Instant staysPlanned = scheduler.nextRun("stays").orElseThrow();
            Instant goesPlanned = scheduler.nextRun("goes").orElseThrow();

            clock.advance(Duration.ofSeconds(1));
            scheduler.replace(List.of(
                    new JobDefinition("stays", Duration.ofMillis(200), "v2", run -> newVersionRuns.incrementAndGet()),
                    job("slower", 600, run -> {}),
                    job("new", 200, run -> {})));

            assertThat(scheduler.jobNames()).containsExactlyInAnyOrder("stays", "slower", "new");
            assertThat(scheduler.nextRun("goes")).as("a removed job is planned no more").isEmpty();
            clock.set(goesPlanned);
            scheduler.fire("goes", goesPlanned);
            assertThat(recorder.count("goes")).as("a removed job runs no more").isZero();

            assertThat(scheduler.nextRun("stays")).as("a new version on the same interval keeps its plan")
                    .contains(staysPlanned);
            clock.set(staysPlanned);
            scheduler.fire("stays", staysPlanned);
            assertThat(newVersionRuns).as("and its next run is the new version's").hasValue(1);

            Instant slower = scheduler.nextRun("slower").orElseThrow();
            assertOnGrid(slower, "slower", 600);
            assertThat(slower).as("a new interval is planned from the replacement on")
                    .isAfterOrEqualTo(T.plusSeconds(1)).isBefore(T.plusMillis(1600));
            assertOnGrid(scheduler.nextRun("new").orElseThrow(), "new", 200);
        }
    }

    @Test
    void lateness_is_measured_on_the_clock_for_every_run() {
        MutableClock clock = new MutableClock(T);
        List<ScheduledRun> seen = new CopyOnWriteArrayList<>();
        try (IntervalScheduler scheduler = IntervalScheduler.start(onClock("c3", clock, new Recorder()))) {
            scheduler.replace(List.of(job("j", 200, seen::add)));
            long[] late = {7, 3, 20, 0};
            for (int k = 0; k < late.length; k++) {
                Instant planned = T.plusMillis(200L * k);
                clock.set(planned.plusMillis(late[k]));
                scheduler.fire("j", planned);
            }
            assertThat(seen).extracting(ScheduledRun::lateness).containsExactly(Duration.ofMillis(7),
                    Duration.ofMillis(3), Duration.ofMillis(20), Duration.ZERO);
            assertThat(seen.get(0).startedAt()).isEqualTo(T.plusMillis(7));
            SchedulerStats stats = scheduler.stats();
            assertThat(stats.runs()).isEqualTo(4);
            assertThat(stats.latenessP50()).isEqualTo(Duration.ofMillis(3));
            assertThat(stats.latenessP99()).isEqualTo(Duration.ofMillis(20));
        }
    }

    @Test
    void a_failing_run_is_reported_and_the_job_runs_again_at_its_next_time() {
        MutableClock clock = new MutableClock(T);
        Recorder recorder = new Recorder();
        try (IntervalScheduler scheduler = IntervalScheduler.start(onClock("c4", clock, recorder))) {
            scheduler.replace(List.of(job("fails", 200, run -> {
                throw new IllegalStateException("boom");
            })));
            scheduler.fire("fails", T);
            clock.set(T.plusMillis(200));
            scheduler.fire("fails", T.plusMillis(200));
            assertThat(recorder.count("fails")).isEqualTo(2);
            assertThat(scheduler.stats().runs()).isEqualTo(2);
        }
        assertThat(recorder.failures).hasSize(2).allMatch(f -> f.getMessage().equals("boom"));
    }

    @Test
    void a_run_that_cannot_start_within_the_miss_threshold_is_skipped_and_reported_missed() {
        MutableClock clock = new MutableClock(T);
        Recorder recorder = new Recorder();
        SchedulerOptions options = onClock("c5", clock, recorder).withWorkers(1).withMissThreshold(Duration.ofMillis(50));
        try (IntervalScheduler scheduler = IntervalScheduler.start(options)) {
            scheduler.replace(List.of(job("j", 200, run -> {})));
            clock.set(T.plusMillis(51));
            scheduler.fire("j", T);
            assertThat(recorder.count("j")).isZero();
            assertThat(recorder.missed).containsExactly(new MissedRun("j", T, 1,
                    "could not start until 51 ms after its planned time (all 1 workers busy)"));

            clock.set(T.plusMillis(250));
            scheduler.fire("j", T.plusMillis(200));
            assertThat(recorder.count("j")).as("just within the threshold, it runs").isEqualTo(1);
            assertThat(scheduler.stats().missed()).isEqualTo(1);
            assertThat(scheduler.stats().runs()).isEqualTo(1);
        }
    }

    @Test
    void runs_quartz_skipped_are_reported_from_the_first_skipped_up_to_now_on_the_clock() {
        MutableClock clock = new MutableClock(T);
        Recorder recorder = new Recorder();
        SchedulerOptions options = onClock("c6", clock, recorder).withWorkers(1).withMissThreshold(Duration.ofMillis(50));
        try (IntervalScheduler scheduler = IntervalScheduler.start(options)) {
            scheduler.replace(List.of(job("j", 200, run -> {})));
            clock.set(T.plusMillis(650));
            scheduler.misfired("j", T);
            clock.set(T.plusMillis(800));
            scheduler.misfired("j", T.plusMillis(800));
            String reason = "not started within 50 ms of its planned time (all 1 workers busy, or its previous run"
                    + " still going)";
            assertThat(recorder.missed).as("T, T+200, T+400 and T+600 are past; then T+800 alone")
                    .containsExactly(new MissedRun("j", T, 4, reason), new MissedRun("j", T.plusMillis(800), 1, reason));
            assertThat(scheduler.stats().missed()).isEqualTo(5);
        }
    }

    @Test
    void two_jobs_with_one_name_are_refused() {
        try (IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("c7").withWorkers(1))) {
            assertThatThrownBy(() -> scheduler.replace(List.of(job("x", 200, r -> {}), job("x", 300, r -> {}))))
                    .hasMessage("two jobs are named \"x\"");
        }
    }

    @Test
    void quartz_runs_each_job_on_its_interval_at_the_offset_spread_by_its_name() {
        Recorder recorder = new Recorder();
        try (IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t1")
                .withListener(recorder))) {
            scheduler.replace(List.of(job("a", 200, run -> {}), job("b", 300, run -> {})));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.count("a") >= 3 && recorder.count("b") >= 3);
        }
        for (String name : List.of("a", "b")) {
            long period = name.equals("a") ? 200 : 300;
            for (ScheduledRun run : recorder.runs.get(name)) {
                assertOnGrid(run.plannedAt(), name, period);
                assertThat(run.startedAt()).isAfterOrEqualTo(run.plannedAt());
            }
        }
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void on_quartz_runs_that_cannot_start_on_time_are_reported_missed_and_none_is_skipped_silently() {
        Recorder recorder = new Recorder();
        AtomicBoolean hold = new AtomicBoolean(true);
        SchedulerOptions options = SchedulerOptions.defaults("t2").withWorkers(1)
                .withMissThreshold(Duration.ofMillis(50)).withListener(recorder);
        try (IntervalScheduler scheduler = IntervalScheduler.start(options)) {
            scheduler.replace(List.of(
                    job("hog", 200, run -> {
                        long until = System.nanoTime() + 500_000_000L;
                        while (hold.get() && System.nanoTime() < until) {
                            Thread.sleep(10);
                        }
                    }),
                    job("starved", 200, run -> {})));
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.missed.stream()
                    .filter(m -> m.job().equals("starved")).mapToInt(MissedRun::count).sum() >= 3
                    && recorder.count("hog") >= 3);
            hold.set(false);
        }
        for (String name : List.of("hog", "starved")) {
            List<Long> slots = new ArrayList<>();
            recorder.runs.getOrDefault(name, List.of()).forEach(r -> slots.add(r.plannedAt().toEpochMilli()));
            recorder.missed.stream().filter(m -> m.job().equals(name)).forEach(m -> {
                for (int i = 0; i < m.count(); i++) {
                    slots.add(m.plannedAt().toEpochMilli() + i * 200L);
                }
            });
            List<Long> sorted = slots.stream().sorted().toList();
            assertThat(sorted).as(name + ": every slot is accounted for once").doesNotHaveDuplicates();
            for (int i = 1; i < sorted.size(); i++) {
                assertThat(sorted.get(i) - sorted.get(i - 1)).as(name + ": no planned run is skipped silently")
                        .isEqualTo(200L);
            }
        }
        assertThat(recorder.missed).isNotEmpty();
    }

    @Test
    void close_waits_for_runs_in_progress() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t3"));
        scheduler.replace(List.of(job("long", 100, run -> {
            if (started.compareAndSet(false, true)) {
                Thread.sleep(300);
                finished.set(true);
            }
        })));
        await().atMost(Duration.ofSeconds(20)).untilTrue(started);
        scheduler.close();
        assertThat(finished).isTrue();
    }
}
