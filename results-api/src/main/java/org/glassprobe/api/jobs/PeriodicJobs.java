package org.glassprobe.api.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.glassprobe.api.storage.StoreException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's periodic jobs (liveness watchdog, roll-ups, retention) on Quartz; with {@code
 * jobs.clustered} on a shared PostgreSQL, in Quartz's JDBC job store there, so that each job runs
 * once across all replicas and moves to another when one dies. No Quartz type leaves this
 * class: a job is a name, an interval and a {@link Runnable}.
 */
public final class PeriodicJobs implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(PeriodicJobs.class);
    private static final String GROUP = "glassprobe-api";

    /** One periodic job: its work runs every {@code every}, never twice at once. */
    public record Task(String name, Duration every, Runnable work) {}

    /** How Quartz reaches the database. */
    public record Store(DataSource dataSource, boolean postgres, boolean clustered, int threads) {}

    private final Scheduler scheduler;
    private final Map<String, Instant> lastRuns = new ConcurrentHashMap<>();

    private PeriodicJobs(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Starts Quartz and (re)schedules every task; a task already in the job store gets its new
     * interval. Clustered, the job store is Quartz's JDBC store in the shared database; otherwise it
     * is in memory: the jobs are plain intervals, scheduled afresh at every start, and a single API
     * has no one to share them with (nor does H2 then carry Quartz's writes, see {@code Database}).
     */
    public static PeriodicJobs start(Store store, List<Task> tasks, Clock clock) {
        Map<String, Task> byName = new LinkedHashMap<>();
        tasks.forEach(t -> {
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("two jobs are named " + t.name());
            }
        });
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(store.threads()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "glassprobe-job");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        if (store.clustered()) {
            // one name across the replicas: Quartz's cluster is the schedulers of that name in the tables
            p.setProperty("org.quartz.scheduler.instanceName", "glassprobe-api");
            p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.setProperty("org.quartz.jobStore.driverDelegateClass", store.postgres()
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            p.setProperty("org.quartz.jobStore.dataSource", register(store.dataSource()));
            p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        } else {
            // a name of its own: Quartz keeps one scheduler per name in a JVM
            p.setProperty("org.quartz.scheduler.instanceName", "glassprobe-api-" + UUID.randomUUID());
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        }
        try {
            Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
            PeriodicJobs jobs = new PeriodicJobs(scheduler);
            scheduler.setJobFactory((bundle, s) -> {
                Task task = byName.get(bundle.getJobDetail().getKey().getName());
                return new TaskJob(task, jobs.lastRuns, clock);
            });
            for (Task task : byName.values()) {
                JobDetail job = JobBuilder.newJob(TaskJob.class).withIdentity(task.name(), GROUP).storeDurably().build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity(task.name(), GROUP).forJob(job)
                        .startNow()
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                .withIntervalInMilliseconds(task.every().toMillis()).repeatForever()
                                .withMisfireHandlingInstructionNextWithRemainingCount())
                        .build();
                scheduler.scheduleJob(job, Set.of(trigger), true);
            }
            scheduler.start();
            logger.atInfo().addKeyValue("jobs", String.join(",", byName.keySet()))
                    .addKeyValue("clustered", store.clustered()).log("periodic jobs started");
            return jobs;
        } catch (SchedulerException e) {
            throw new StoreException("the periodic jobs cannot start: " + e.getMessage(), e);
        }
    }

    /** Lends the API's pool to Quartz under a new name; the pool stays the API's to close. */
    private static String register(DataSource ds) {
        String name = "glassprobe-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the API, which closes it after Quartz
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        return name;
    }

    /** Whether the scheduler is started and not shut down or paused. */
    public boolean running() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** When each job last finished on this replica (in a cluster, another may have run it since). */
    public Map<String, Instant> lastRuns() {
        return Map.copyOf(lastRuns);
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            logger.atWarn().setCause(e).log("periodic jobs did not stop cleanly");
        }
    }

    /** Runs one task; a failure is logged and the next run comes on time. */
    @DisallowConcurrentExecution
    public static final class TaskJob implements Job {
        private final Task task;
        private final Map<String, Instant> lastRuns;
        private final Clock clock;

        TaskJob(Task task, Map<String, Instant> lastRuns, Clock clock) {
            this.task = task;
            this.lastRuns = lastRuns;
            this.clock = clock;
        }

        @Override
        public void execute(JobExecutionContext context) {
            if (task == null) {
                logger.atWarn().addKeyValue("job", context.getJobDetail().getKey().getName())
                        .log("the job store has a job this version does not know; skipped");
                return;
            }
            try {
                task.work().run();
                lastRuns.put(task.name(), clock.instant());
            } catch (StoreException e) {
                logger.atWarn().addKeyValue("job", task.name()).addKeyValue("error", e.getMessage())
                        .log("periodic job failed on the database; it runs again at its next time");
            } catch (RuntimeException e) {
                logger.atError().addKeyValue("job", task.name()).setCause(e).log("periodic job failed");
            }
        }
    }
}
