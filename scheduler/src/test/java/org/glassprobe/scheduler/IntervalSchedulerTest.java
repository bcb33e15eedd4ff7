package org.glassprobe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
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

/** The scheduler on real time with short intervals: every assertion is about what ran, never how fast. */
class IntervalSchedulerTest {
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

    @Test
    void each_job_runs_on_its_interval_at_the_offset_spread_by_its_name() {
        Recorder recorder = new Recorder();
        try (IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t1")
                .withListener(recorder))) {
            scheduler.replace(List.of(job("a", 200, run -> {}), job("b", 300, run -> {})));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.count("a") >= 5 && recorder.count("b") >= 4);
        }
        for (String name : List.of("a", "b")) {
            long period = name.equals("a") ? 200 : 300;
            long offset = Spread.offsetMillis(name, Duration.ofMillis(period));
            List<ScheduledRun> runs = recorder.runs.get(name);
            for (ScheduledRun run : runs) {
                assertThat(Math.floorMod(run.plannedAt().toEpochMilli() - offset, period)).isZero();
                assertThat(run.startedAt()).isAfterOrEqualTo(run.plannedAt());
            }
        }
        assertThat(recorder.failures).isEmpty();
    }

    @Test
    void replacing_the_set_adds_changes_and_removes_jobs_without_a_restart() throws Exception {
        Recorder recorder = new Recorder();
        AtomicInteger newVersionRuns = new AtomicInteger();
        try (IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t2")
                .withListener(recorder))) {
            scheduler.replace(List.of(job("stays", 200, run -> {}), job("goes", 200, run -> {}),
                    job("slower", 200, run -> {})));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.count("goes") >= 2
                    && recorder.count("slower") >= 2);

            scheduler.replace(List.of(
                    new JobDefinition("stays", Duration.ofMillis(200), "v2", run -> newVersionRuns.incrementAndGet()),
                    job("slower", 600, run -> {}),
                    job("new", 200, run -> {})));
            Instant replaced = Instant.now();
            assertThat(scheduler.jobNames()).containsExactlyInAnyOrder("stays", "slower", "new");

            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.count("new") >= 3 && newVersionRuns.get() >= 3);
            int goesRuns = recorder.count("goes");
            Thread.sleep(500);
            assertThat(recorder.count("goes")).as("a removed job runs no more").isEqualTo(goesRuns);
            assertThat(recorder.runs.get("goes")).allMatch(r -> !r.plannedAt().isAfter(replaced));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.runs.get("slower").stream()
                    .filter(r -> r.plannedAt().isAfter(replaced)).count() >= 2);
            List<ScheduledRun> slowerAfter = recorder.runs.get("slower").stream()
                    .filter(r -> r.plannedAt().isAfter(replaced)).toList();
            long offset = Spread.offsetMillis("slower", Duration.ofMillis(600));
            assertThat(slowerAfter).allMatch(r -> Math.floorMod(r.plannedAt().toEpochMilli() - offset, 600) == 0);
        }
    }

    @Test
    void runs_that_cannot_start_on_time_are_reported_missed_and_none_is_skipped_silently() {
        Recorder recorder = new Recorder();
        AtomicBoolean hold = new AtomicBoolean(true);
        SchedulerOptions options = SchedulerOptions.defaults("t3").withWorkers(1)
                .withMissThreshold(Duration.ofMillis(50)).withListener(recorder);
        try (IntervalScheduler scheduler = IntervalScheduler.start(options)) {
            scheduler.replace(List.of(
                    job("hog", 200, run -> {
                        long until = System.nanoTime() + 700_000_000L;
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
    void lateness_is_measured_for_every_run_and_failures_do_not_stop_a_job() {
        Recorder recorder = new Recorder();
        AtomicInteger calls = new AtomicInteger();
        try (IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t4")
                .withListener(recorder))) {
            scheduler.replace(List.of(job("fails", 200, run -> {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            })));
            await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= 3);
            SchedulerStats stats = scheduler.stats();
            assertThat(stats.jobs()).isEqualTo(1);
            assertThat(stats.runs()).isGreaterThanOrEqualTo(3);
            assertThat(stats.latenessP99()).isGreaterThanOrEqualTo(stats.latenessP50());
            assertThat(stats.latenessP50().isNegative()).isFalse();
        }
        assertThat(recorder.failures).isNotEmpty().allMatch(f -> f.getMessage().equals("boom"));
    }

    @Test
    void close_waits_for_runs_in_progress() {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t5"));
        scheduler.replace(List.of(job("long", 200, run -> {
            if (started.compareAndSet(false, true)) {
                Thread.sleep(500);
                finished.set(true);
            }
        })));
        await().atMost(Duration.ofSeconds(20)).untilTrue(started);
        scheduler.close();
        assertThat(finished).isTrue();
    }

    @Test
    void two_jobs_with_one_name_are_refused() {
        try (IntervalScheduler scheduler = IntervalScheduler.start(SchedulerOptions.defaults("t6"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> scheduler.replace(List.of(
                    job("x", 200, r -> {}), job("x", 300, r -> {}))))
                    .hasMessage("two jobs are named \"x\"");
        }
    }
}
