package org.glassprobe.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of jobs, each on its own interval, on Quartz with an in-memory job store.
 *
 * <ul>
 *   <li>Each job's runs are planned at {@code k × interval + offset} since the epoch, the offset
 *       spread over the interval by the job's name (see {@link Spread}).</li>
 *   <li>At most {@code workers} runs at once; a job never overlaps itself.</li>
 *   <li>A run that cannot start within the miss threshold of its planned time is skipped and
 *       reported to the listener as missed; nothing is skipped silently.</li>
 *   <li>Lateness (actual − planned start) is measured for every run.</li>
 *   <li>The set of jobs can be replaced while running: added, changed, removed.</li>
 * </ul>
 *
 * <p>Runs are planned, and their lateness measured, on the options' clock; Quartz fires them on the
 * system's, so in a probe the two are one. A test may plan on a clock of its own and fire runs by
 * hand ({@link #fire}, {@link #misfired}).
 */
public final class IntervalScheduler implements AutoCloseable {
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Logger logger = LoggerFactory.getLogger(IntervalScheduler.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Quartz may hand out a run this early when it fires a batch; the run then waits for its time. */
    private static final Duration FIRE_AHEAD = Duration.ofMillis(5);

    private final SchedulerOptions options;
    private final Clock clock;
    private final Quartz quartz;
    private final Map<String, JobDefinition> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final LatenessWindow lateness = new LatenessWindow(10_000);

    private IntervalScheduler(SchedulerOptions options) {
        this.options = options;
        this.clock = options.clock();
        String instance = options.name() + "-" + INSTANCES.incrementAndGet();
        this.quartz = Quartz.create(new Quartz.Settings(options.name(), instance, options.workers(), true,
                options.missThreshold(), options.workers(), FIRE_AHEAD, Optional.empty()),
                new Quartz.Runs() {
                    @Override
                    public void fire(String job, Instant planned) {
                        IntervalScheduler.this.fire(job, planned);
                    }

                    @Override
                    public void misfired(String job, Instant first) {
                        IntervalScheduler.this.misfired(job, first);
                    }
                });
        quartz.start();
    }

    /** Starts a scheduler with no jobs. */
    public static IntervalScheduler start(SchedulerOptions options) {
        return new IntervalScheduler(options);
    }

    /**
     * Makes the given set the scheduler's jobs: new names are scheduled, missing names removed,
     * a changed interval rescheduled, and any other change takes effect at the job's next run.
     */
    public synchronized void replace(Collection<JobDefinition> definitions) {
        Set<String> names = new HashSet<>();
        for (JobDefinition d : definitions) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("two jobs are named \"" + d.name() + "\"");
            }
        }
        for (String name : Set.copyOf(jobs.keySet())) {
            if (!names.contains(name)) {
                quartz.remove(name);
                jobs.remove(name);
                logger.atInfo().addKeyValue("job", name).log("job removed");
            }
        }
        for (JobDefinition d : definitions) {
            JobDefinition existing = jobs.put(d.name(), d);
            if (existing == null) {
                schedule(d);
                logger.atInfo().addKeyValue("job", d.name()).addKeyValue("interval", d.interval())
                        .log("job added");
            } else if (!existing.interval().equals(d.interval())) {
                schedule(d);
                logger.atInfo().addKeyValue("job", d.name()).addKeyValue("interval", d.interval())
                        .log("job rescheduled");
            } else if (!existing.version().equals(d.version())) {
                logger.atInfo().addKeyValue("job", d.name()).log("job changed; takes effect at its next run");
            }
        }
    }

    private void schedule(JobDefinition d) {
        quartz.every(d.name(), Spread.firstRun(d.name(), d.interval(), clock.instant()), d.interval());
    }

    /** The names of the jobs scheduled now. */
    public Set<String> jobNames() {
        return Set.copyOf(jobs.keySet());
    }

    /** The next run planned for {@code job}, if it is scheduled. */
    Optional<Instant> nextRun(String job) {
        return quartz.nextRun(job);
    }

    public SchedulerStats stats() {
        return new SchedulerStats(jobs.size(), running.get(), runs.get(), missed.get(), lateness.quantile(0.50),
                lateness.quantile(0.99));
    }

    /** Stops planning runs and waits for the runs in progress to end (each is bounded by its own deadline). */
    @Override
    public void close() {
        quartz.close();
    }

    /**
     * One run, as Quartz hands it out: waits for its planned time if handed out early, is skipped
     * and reported missed if it cannot start within the miss threshold, else runs and is measured.
     */
    void fire(String name, Instant planned) {
        JobDefinition definition = jobs.get(name);
        if (definition == null) {
            return;
        }
        waitUntil(planned);
        Instant started = clock.instant();
        Duration late = Duration.between(planned, started);
        if (late.compareTo(options.missThreshold()) > 0) {
            reportMissed(new MissedRun(name, planned, 1, "could not start until " + late.toMillis()
                    + " ms after its planned time (all " + options.workers() + " workers busy)"));
            return;
        }
        ScheduledRun run = new ScheduledRun(name, planned, started);
        lateness.add(run.lateness());
        runs.incrementAndGet();
        running.incrementAndGet();
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            definition.task().run(run);
        } catch (Exception | LinkageError e) {
            failure = e;
            logger.atError().addKeyValue("job", name).setCause(e).log("job run failed");
        } finally {
            running.decrementAndGet();
        }
        try {
            options.listener().finished(run, Duration.ofNanos(System.nanoTime() - t0), failure);
        } catch (RuntimeException e) {
            logger.atError().setCause(e).log("run listener failed");
        }
    }

    private void waitUntil(Instant planned) {
        long wait = Duration.between(clock.instant(), planned).toNanos();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Quartz found runs of a job it could not fire in time (no free worker, or the job's previous
     * run still going) and skips them: each planned run from {@code first} up to now on the clock is
     * reported missed.
     */
    void misfired(String name, Instant first) {
        JobDefinition definition = jobs.get(name);
        if (definition == null) {
            return;
        }
        long period = definition.interval().toMillis();
        long behind = clock.millis() - first.toEpochMilli();
        int count = (int) Math.max(1, behind / period + 1);
        reportMissed(new MissedRun(definition.name(), first, count, "not started within "
                + options.missThreshold().toMillis() + " ms of its planned time (all " + options.workers()
                + " workers busy, or its previous run still going)"));
    }

    private void reportMissed(MissedRun m) {
        missed.addAndGet(m.count());
        logger.atWarn().addKeyValue("job", m.job()).addKeyValue("planned", m.plannedAt())
                .addKeyValue("count", m.count()).addKeyValue("reason", m.reason()).log("runs missed");
        try {
            options.listener().missed(m);
        } catch (RuntimeException e) {
            logger.atError().setCause(e).log("run listener failed on a missed run");
        }
    }
}
