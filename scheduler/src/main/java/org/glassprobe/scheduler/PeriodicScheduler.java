package org.glassprobe.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's periodic jobs (the results API's liveness watchdog, roll-ups, retention, outage
 * decisions) on Quartz: each runs when the scheduler starts and then every interval, never twice at
 * once. With a {@link ClusteredStore} the jobs live in Quartz's JDBC job store in the shared
 * database, so that each runs once across all the schedulers of the same name and moves to another
 * when one dies; without one they live in memory and are planned afresh at every start.
 *
 * <p>A run that fails is logged and the next one comes on time: at warn when the options call the
 * failure transient (for the API: its database did not answer), at error otherwise. A run Quartz cannot start
 * within {@link #MISFIRE_THRESHOLD} of its planned time is skipped for the next planned one.
 *
 * <p>Runs are planned on the injected clock and Quartz fires them on the system's: in a service the
 * two are one. A test may plan on a clock of its own and fire runs by hand ({@link #fire}).
 */
public final class PeriodicScheduler implements AutoCloseable {
    /** A run Quartz cannot start within this of its planned time is skipped for the next one. */
    public static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);
    private static final Logger logger = LoggerFactory.getLogger(PeriodicScheduler.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** One periodic job: its work runs every {@code every}, never twice at once. */
    public record Task(String name, Duration every, Runnable work) {
        public Task {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(every, "every");
            Objects.requireNonNull(work, "work");
            if (every.toMillis() < 1) {
                throw new IllegalArgumentException("job " + name + ": every must be at least 1 ms, was " + every);
            }
        }
    }

    /**
     * How the periodic jobs run.
     *
     * @param name             the scheduler's name: its threads are named after it, and with a
     *                         cluster it names the cluster (every member uses the same)
     * @param threads          jobs running at once at most
     * @param cluster          the shared job store; empty for one scheduler alone, in memory
     * @param clock            plans the runs and stamps when each finished
     * @param transientFailure which failures of a run are transient, logged at warn (the database
     *                         did not answer); the others are logged at error
     */
    public record Options(String name, int threads, Optional<ClusteredStore> cluster, Clock clock,
            Predicate<Throwable> transientFailure) {
        public Options {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(transientFailure, "transientFailure");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
        }
    }

    private final Options options;
    private final Map<String, Task> tasks;
    private final Map<String, Instant> lastRuns = new ConcurrentHashMap<>();
    private final Quartz quartz;

    private PeriodicScheduler(Options options, Map<String, Task> tasks) {
        this.options = options;
        this.tasks = tasks;
        // one name across a cluster: Quartz's cluster is the schedulers of that name in the tables
        String instance = options.cluster().isPresent() ? options.name()
                : options.name() + "-" + INSTANCES.incrementAndGet();
        this.quartz = Quartz.create(new Quartz.Settings(options.name(), instance, options.threads(), false,
                MISFIRE_THRESHOLD, 1, Duration.ZERO, options.cluster()), new Quartz.Runs() {
                    @Override
                    public void fire(String job, Instant planned) {
                        PeriodicScheduler.this.fire(job, planned);
                    }
                });
    }

    /**
     * Plans every task from now on the clock, then starts Quartz. A task a clustered job store already
     * plans at the same interval keeps its plan: a member that starts joins the schedule rather than
     * running every job at once and resetting its times.
     */
    public static PeriodicScheduler start(Options options, List<Task> tasks) {
        PeriodicScheduler scheduler = plan(options, tasks);
        scheduler.start();
        return scheduler;
    }

    /**
     * Plans every task from now on the clock without running any (a task a clustered job store already
     * plans keeps its plan): {@link #start()} starts them. For
     * a program whose jobs must not run before the rest of it is up (the API's watchdog judges
     * silence only once the API can hear it).
     */
    public static PeriodicScheduler plan(Options options, List<Task> tasks) {
        Map<String, Task> byName = new LinkedHashMap<>();
        for (Task t : tasks) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("two jobs are named " + t.name());
            }
        }
        PeriodicScheduler scheduler = new PeriodicScheduler(options, Map.copyOf(byName));
        try {
            Instant now = options.clock().instant();
            byName.values().forEach(t -> scheduler.quartz.join(t.name(), now, t.every()));
        } catch (RuntimeException e) {
            scheduler.quartz.close();
            throw e;
        }
        return scheduler;
    }

    /** Starts the planned runs; a run whose time passed meanwhile runs at once. */
    public void start() {
        quartz.start();
        logger.atInfo().addKeyValue("jobs", String.join(",", tasks.keySet()))
                .addKeyValue("clustered", options.cluster().isPresent()).log("periodic jobs started");
    }

    /** Whether the scheduler is started and neither shut down nor paused. */
    public boolean running() {
        return quartz.running();
    }

    /** When each job last finished on this scheduler (in a cluster, another may have run it since). */
    public Map<String, Instant> lastRuns() {
        return Map.copyOf(lastRuns);
    }

    /** The next run planned for {@code job} (in a cluster, by whichever member planned it last). */
    Optional<Instant> nextRun(String job) {
        return quartz.nextRun(job);
    }

    /** Runs {@code job}'s run planned at {@code planned}: what Quartz does when the run is due. */
    void fire(String job, Instant planned) {
        Task task = tasks.get(job);
        if (task == null) {
            logger.atWarn().addKeyValue("job", job)
                    .log("the job store has a job this version does not know; skipped");
            return;
        }
        try {
            task.work().run();
            lastRuns.put(job, options.clock().instant());
        } catch (RuntimeException e) {
            if (options.transientFailure().test(e)) {
                logger.atWarn().addKeyValue("job", job).addKeyValue("planned", planned)
                        .addKeyValue("error", e.getMessage())
                        .log("periodic job failed for now (a transient failure); it runs again at its next time");
            } else {
                logger.atError().addKeyValue("job", job).addKeyValue("planned", planned).setCause(e)
                        .log("periodic job failed");
            }
        }
    }

    /** Stops planning runs and waits for the runs in progress to end. */
    @Override
    public void close() {
        quartz.close();
    }
}
