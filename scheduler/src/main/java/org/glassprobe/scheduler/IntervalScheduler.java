package org.glassprobe.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.TriggerListenerSupport;
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
 */
public final class IntervalScheduler implements AutoCloseable {
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final Logger logger = LoggerFactory.getLogger(IntervalScheduler.class);
    private static final String GROUP = "glassprobe";
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Quartz may hand out a run this early when it fires a batch; the run then waits for its time. */
    private static final long FIRE_AHEAD_MILLIS = 5;

    private final SchedulerOptions options;
    private final Scheduler quartz;
    private final Map<String, JobDefinition> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final LatenessWindow lateness = new LatenessWindow(10_000);

    private IntervalScheduler(SchedulerOptions options) {
        this.options = options;
        Properties p = new Properties();
        String instance = options.name() + "-" + INSTANCES.incrementAndGet();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, instance);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAX_BATCH_SIZE, Integer.toString(options.workers()));
        p.setProperty(StdSchedulerFactory.PROP_SCHED_BATCH_TIME_WINDOW, Long.toString(FIRE_AHEAD_MILLIS));
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(options.workers()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", options.name() + "-worker");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(options.missThreshold().toMillis()));
        try {
            quartz = new StdSchedulerFactory(p).getScheduler();
            quartz.setJobFactory((bundle, scheduler) -> new QuartzRun(bundle.getJobDetail().getKey().getName()));
            quartz.getListenerManager().addTriggerListener(new MisfireListener());
            quartz.start();
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot start the scheduler " + options.name() + ": " + e.getMessage(), e);
        }
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
        try {
            for (String name : Set.copyOf(jobs.keySet())) {
                if (!names.contains(name)) {
                    quartz.deleteJob(JobKey.jobKey(name, GROUP));
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
                    quartz.deleteJob(JobKey.jobKey(d.name(), GROUP));
                    schedule(d);
                    logger.atInfo().addKeyValue("job", d.name()).addKeyValue("interval", d.interval())
                            .log("job rescheduled");
                } else if (!existing.version().equals(d.version())) {
                    logger.atInfo().addKeyValue("job", d.name()).log("job changed; takes effect at its next run");
                }
            }
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot schedule jobs: " + e.getMessage(), e);
        }
    }

    private void schedule(JobDefinition d) throws SchedulerException {
        Instant first = Spread.firstRun(d.name(), d.interval(), Instant.now());
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(TriggerKey.triggerKey(d.name(), GROUP))
                .startAt(Date.from(first))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(d.interval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        quartz.scheduleJob(JobBuilder.newJob(QuartzRun.class).withIdentity(d.name(), GROUP).build(), trigger);
    }

    /** The names of the jobs scheduled now. */
    public Set<String> jobNames() {
        return Set.copyOf(jobs.keySet());
    }

    public SchedulerStats stats() {
        return new SchedulerStats(jobs.size(), running.get(), runs.get(), missed.get(), lateness.quantile(0.50),
                lateness.quantile(0.99));
    }

    /** Stops planning runs and waits for the runs in progress to end (each is bounded by its own deadline). */
    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot stop the scheduler: " + e.getMessage(), e);
        }
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

    /** One run, as Quartz executes it: waits for its planned time if handed out early, or skips if too late. */
    @DisallowConcurrentExecution
    private final class QuartzRun implements Job {
        private final String name;

        QuartzRun(String name) {
            this.name = name;
        }

        @Override
        public void execute(JobExecutionContext context) {
            JobDefinition definition = jobs.get(name);
            if (definition == null) {
                return;
            }
            Instant planned = context.getScheduledFireTime().toInstant();
            waitUntil(planned);
            Instant started = Instant.now();
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
            long wait = Duration.between(Instant.now(), planned).toNanos();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Quartz found runs it could not fire in time (no free worker, or the job still running). */
    private final class MisfireListener extends TriggerListenerSupport {
        @Override
        public String getName() {
            return "glassprobe-missed-runs";
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
            JobDefinition definition = jobs.get(trigger.getKey().getName());
            Date next = trigger.getNextFireTime();
            if (definition == null || next == null) {
                return;
            }
            long period = definition.interval().toMillis();
            long behind = System.currentTimeMillis() - next.getTime();
            int count = (int) Math.max(1, behind / period + 1);
            reportMissed(new MissedRun(definition.name(), next.toInstant(), count, "not started within "
                    + options.missThreshold().toMillis() + " ms of its planned time (all " + options.workers()
                    + " workers busy, or its previous run still going)"));
        }
    }
}
