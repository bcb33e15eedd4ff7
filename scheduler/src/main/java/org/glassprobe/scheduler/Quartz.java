package org.glassprobe.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.spi.ThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that makes, feeds and stops a Quartz scheduler, for both schedulers of this
 * module: Quartz's properties, its worker pool, the connection of its JDBC job store, the one job
 * class (it hands each fired trigger to its owner as a job name and a planned time), the misfire
 * hook and shutdown. No Quartz type leaves this class.
 *
 * <p>Every job runs on a fixed interval from its first planned run, never twice at once; a run
 * Quartz cannot start within the misfire threshold is skipped for the next planned one
 * ("next with remaining count"), so a scheduler that was held up does not run a burst of stale runs.
 */
final class Quartz implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Quartz.class);

    /** What the owner of a Quartz scheduler does when Quartz fires or gives up on a run. */
    interface Runs {
        /** The run of {@code job} planned at {@code planned} is due (Quartz may hand it out a little early). */
        void fire(String job, Instant planned);

        /**
         * Quartz could not start runs of {@code job} within the misfire threshold and skips them for
         * its next planned run; {@code first} is the first run skipped.
         */
        default void misfired(String job, Instant first) {}
    }

    /**
     * How a Quartz scheduler is made.
     *
     * @param name             the scheduler's name: its threads are named after it, and it is the
     *                         group of its jobs and triggers (their key in a JDBC job store)
     * @param instanceName     Quartz's name for the scheduler; the members of a cluster share it
     * @param threads          worker threads: the bound on runs at once
     * @param daemonThreads    whether Quartz's threads let the JVM exit
     * @param misfireThreshold a run Quartz cannot start within this of its planned time is a misfire
     * @param batch            triggers Quartz may fire together
     * @param fireAhead        how early Quartz may hand out a run of a batch
     * @param cluster          Quartz's JDBC job store, clustered; empty for its in-memory store
     */
    record Settings(String name, String instanceName, int threads, boolean daemonThreads, Duration misfireThreshold,
            int batch, Duration fireAhead, Optional<ClusteredStore> cluster) {
        Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(instanceName, "instanceName");
            Objects.requireNonNull(misfireThreshold, "misfireThreshold");
            Objects.requireNonNull(fireAhead, "fireAhead");
            Objects.requireNonNull(cluster, "cluster");
        }
    }

    private final Scheduler quartz;
    private final String name;
    private final String group;

    private Quartz(Scheduler quartz, String name) {
        this.quartz = quartz;
        this.name = name;
        this.group = name;
    }

    /**
     * Makes a Quartz scheduler whose fired triggers go to {@code runs}; it plans nothing until
     * {@link #start()}, so that jobs can be (re)planned before any old plan in a job store fires.
     */
    static Quartz create(Settings s, Runs runs) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, s.instanceName());
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, Boolean.toString(s.daemonThreads()));
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAX_BATCH_SIZE, Integer.toString(s.batch()));
        p.setProperty(StdSchedulerFactory.PROP_SCHED_BATCH_TIME_WINDOW, Long.toString(s.fireAhead().toMillis()));
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, WorkerPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(s.threads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", s.name() + "-worker");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", Boolean.toString(s.daemonThreads()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(s.misfireThreshold().toMillis()));
        if (s.cluster().isPresent()) {
            ClusteredStore c = s.cluster().get();
            p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, c.instanceId());
            p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.setProperty("org.quartz.jobStore.driverDelegateClass", c.dialect().delegateClass());
            p.setProperty("org.quartz.jobStore.dataSource", lend(c.dataSource()));
            p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(c.checkinInterval().toMillis()));
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        } else {
            p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        }
        try {
            Scheduler scheduler;
            synchronized (Quartz.class) {
                scheduler = new StdSchedulerFactory(p).getScheduler();
                // Quartz hands out one scheduler per name in a JVM; members of one cluster in one JVM
                // (tests, several APIs in one process) each need their own
                SchedulerRepository.getInstance().remove(s.instanceName());
            }
            scheduler.setJobFactory((bundle, x) -> new RunJob(runs));
            scheduler.getListenerManager().addTriggerListener(new TriggerListenerSupport() {
                @Override
                public String getName() {
                    return "glassprobe-misfires";
                }

                @Override
                public void triggerMisfired(Trigger trigger) {
                    // told before Quartz moves the trigger on: its next fire time is the first run skipped
                    Date first = trigger.getNextFireTime();
                    if (first != null) {
                        runs.misfired(trigger.getKey().getName(), first.toInstant());
                    }
                }
            });
            return new Quartz(scheduler, s.name());
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot start the scheduler " + s.name() + ": " + e.getMessage(), e);
        }
    }

    /** Starts firing the planned runs. */
    void start() {
        try {
            quartz.start();
        } catch (SchedulerException e) {
            close();
            throw new SchedulingException("cannot start the scheduler " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Plans {@code job} every {@code interval} from {@code first}, replacing any plan it had (in a
     * JDBC job store, whichever member of the cluster planned it).
     */
    void every(String job, Instant first, Duration interval) {
        JobDetail detail = JobBuilder.newJob(RunJob.class).withIdentity(job, group).storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(job, group)).forJob(detail)
                .startAt(Date.from(first))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            quartz.scheduleJob(detail, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot schedule job " + job + ": " + e.getMessage(), e);
        }
    }

    /**
     * Plans {@code job} every {@code interval} from {@code first}, unless the store already plans it at that
     * interval (in a JDBC job store: planned by another member of the cluster, or by this one before a
     * restart). Then the plan is kept: a member that starts joins the schedule rather than running the job
     * at once and resetting its times. A changed interval is planned afresh.
     */
    void join(String job, Instant first, Duration interval) {
        boolean keep;
        try {
            Trigger existing = quartz.getTrigger(TriggerKey.triggerKey(job, group));
            JobDetail detail = existing == null ? null : quartz.getJobDetail(JobKey.jobKey(job, group));
            keep = existing instanceof SimpleTrigger planned && planned.getRepeatInterval() == interval.toMillis()
                    && planned.getNextFireTime() != null && detail != null && detail.getJobClass() == RunJob.class
                    && quartz.getTriggerState(existing.getKey()) != Trigger.TriggerState.ERROR;
        } catch (SchedulerException e) {
            // a plan this version cannot read (e.g. stored by an older one under another class): plan afresh
            logger.atWarn().addKeyValue("job", job).addKeyValue("error", e.getMessage())
                    .log("the job store's plan of this job cannot be read; planning it afresh");
            keep = false;
        }
        if (!keep) {
            every(job, first, interval);
        }
    }

    /** Stops planning runs of {@code job}. */
    void remove(String job) {
        try {
            quartz.deleteJob(JobKey.jobKey(job, group));
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot remove job " + job + ": " + e.getMessage(), e);
        }
    }

    /** The next run Quartz has planned for {@code job}, if it has the job. */
    Optional<Instant> nextRun(String job) {
        try {
            Trigger t = quartz.getTrigger(TriggerKey.triggerKey(job, group));
            return t == null ? Optional.empty() : Optional.ofNullable(t.getNextFireTime()).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new SchedulingException("cannot read the plan of job " + job + ": " + e.getMessage(), e);
        }
    }

    /** Whether Quartz is started and neither shut down nor paused. */
    boolean running() {
        try {
            return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Stops planning runs and waits for the runs in progress to end. */
    @Override
    public void close() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            logger.atWarn().setCause(e).log("the scheduler did not stop cleanly");
        }
    }

    /** Lends a pool to Quartz's JDBC job store under a new name; the pool stays its owner's to close. */
    private static String lend(DataSource ds) {
        String name = "glassprobe-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the caller, who closes it after the scheduler
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        return name;
    }

    /**
     * The one job class: hands the fired trigger to the scheduler's owner. The class name is what
     * a JDBC job store keeps; the annotation keeps a job from overlapping itself.
     */
    @DisallowConcurrentExecution
    static final class RunJob implements Job {
        private final Runs runs;

        RunJob(Runs runs) {
            this.runs = runs;
        }

        @Override
        public void execute(JobExecutionContext context) {
            String job = context.getJobDetail().getKey().getName();
            try {
                runs.fire(job, context.getScheduledFireTime().toInstant());
            } catch (RuntimeException | LinkageError e) {
                logger.atError().addKeyValue("job", job).setCause(e).log("a run could not be handled");
            }
        }
    }

    /**
     * Quartz's worker threads on a JDK executor. Quartz's own SimpleThreadPool can lose a run it
     * has just handed to a worker when shutdown comes at that moment, and then waits for it forever
     * (seen here: the API's close hung in {@code SimpleThreadPool.shutdown} with no worker left).
     * Here a run handed over is always run, and shutdown waits for exactly the runs in progress.
     * Public only because Quartz makes it by its class name and sets its properties as a bean.
     */
    public static final class WorkerPool implements ThreadPool {
        private final Object lock = new Object();
        private int threadCount = 1;
        private String threadNamePrefix = "quartz-worker";
        private boolean makeThreadsDaemons;
        private ExecutorService executor;
        private int busy;
        private boolean shutdown;

        public void setThreadCount(int threadCount) {
            this.threadCount = threadCount;
        }

        public void setThreadNamePrefix(String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
        }

        public void setMakeThreadsDaemons(boolean makeThreadsDaemons) {
            this.makeThreadsDaemons = makeThreadsDaemons;
        }

        @Override
        public void initialize() {
            if (threadCount < 1) {
                throw new IllegalArgumentException("a worker pool needs at least one thread, not " + threadCount);
            }
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(threadCount, r -> {
                Thread t = new Thread(r, threadNamePrefix + "-" + n.incrementAndGet());
                t.setDaemon(makeThreadsDaemons);
                return t;
            });
        }

        /** Blocks until a worker is free, then runs {@code runnable} on it. */
        @Override
        public boolean runInThread(Runnable runnable) {
            if (runnable == null) {
                return false;
            }
            synchronized (lock) {
                awaitFreeWorker();
                busy++;
            }
            try {
                executor.execute(() -> {
                    try {
                        runnable.run();
                    } finally {
                        synchronized (lock) {
                            busy--;
                            lock.notifyAll();
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                // shut down since it was handed over: run it here rather than lose it, as Quartz's pool does
                try {
                    runnable.run();
                } finally {
                    synchronized (lock) {
                        busy--;
                        lock.notifyAll();
                    }
                }
            }
            return true;
        }

        @Override
        public int blockForAvailableThreads() {
            synchronized (lock) {
                awaitFreeWorker();
                return shutdown ? 0 : threadCount - busy;
            }
        }

        private void awaitFreeWorker() {
            boolean interrupted = false;
            while (busy >= threadCount && !shutdown) {
                try {
                    lock.wait(500);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void shutdown(boolean waitForJobsToComplete) {
            synchronized (lock) {
                shutdown = true;
                lock.notifyAll();
            }
            if (executor == null) {
                return;
            }
            executor.shutdown();
            if (waitForJobsToComplete) {
                boolean interrupted = false;
                while (true) {
                    try {
                        if (executor.awaitTermination(1, TimeUnit.SECONDS)) {
                            break;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public int getPoolSize() {
            return threadCount;
        }

        @Override
        public void setInstanceId(String schedInstId) {
            // threads are named by their prefix alone
        }

        @Override
        public void setInstanceName(String schedName) {
            // threads are named by their prefix alone
        }
    }
}
