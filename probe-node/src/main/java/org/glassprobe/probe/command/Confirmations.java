package org.glassprobe.probe.command;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.Confirmation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the confirmation runs the results API asks for on the command channel: each command once,
 * not after its deadline, only for a check this probe runs (never a journey), at most
 * {@code perMinute} started in any minute, on a small pool of its own so that scheduled runs never
 * wait for a thread. A run itself is a scheduled run's ({@code CheckJobs}), after any run of the
 * check in progress.
 */
public final class Confirmations implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Confirmations.class);
    public static final String RAN = "ran";
    public static final String SKIPPED_DEADLINE = "skipped_deadline";
    public static final String SKIPPED_LIMIT = "skipped_limit";
    public static final String SKIPPED_UNKNOWN_CHECK = "skipped_unknown_check";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** The most command ids remembered to run each once. */
    static final int MAX_REMEMBERED = 1024;
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    /** Runs a check once as a confirmation run; false when the deadline passed while it waited its turn. */
    @FunctionalInterface
    public interface Run {
        boolean run(Check check, Confirmation confirmation, Instant deadline) throws IOException;
    }

    /**
     * @param perMinute the most confirmation runs started in any minute; 0 turns them off
     * @param threads   runs at once
     * @param queue     runs waiting for a thread; past it a command is skipped
     */
    public record Options(int perMinute, int threads, int queue) {
        public Options {
            if (perMinute < 0 || threads < 1 || queue < 1) {
                throw new IllegalArgumentException("confirmations need perMinute >= 0, threads >= 1, queue >= 1, were "
                        + perMinute + ", " + threads + ", " + queue);
            }
        }
    }

    private final Run run;
    private final Options options;
    private final ProbeMetrics metrics;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    private volatile Map<String, Check> checks = Map.of();
    /** Command ids taken, with their deadlines, oldest first (guarded by this). */
    private final LinkedHashMap<String, Instant> taken = new LinkedHashMap<>();
    /** When the runs of the last minute were started (guarded by this). */
    private final ArrayDeque<Instant> starts = new ArrayDeque<>();

    public Confirmations(Run run, Options options, ProbeMetrics metrics, Clock clock) {
        this.run = run;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(options.threads(), options.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.queue()), r -> {
                    Thread t = new Thread(r, "glassprobe-confirm-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** The checks this probe runs now (the set the scheduler was given). */
    public void checks(List<Check> now) {
        checks = now.stream().collect(Collectors.toUnmodifiableMap(Check::name, Function.identity(), (a, b) -> a));
    }

    /** Takes a command from the channel: starts its run on the pool, or says why not. Safe from any thread. */
    public synchronized void accept(Command command) {
        Instant now = clock.instant();
        // remembered a while past the deadline: an API whose clock is behind may still send it
        taken.values().removeIf(deadline -> deadline.plus(FORGET_AFTER).isBefore(now));
        if (taken.containsKey(command.id())) {
            return;
        }
        taken.put(command.id(), command.deadline());
        if (taken.size() > MAX_REMEMBERED) {
            Iterator<String> eldest = taken.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        if (now.isAfter(command.deadline())) {
            skipDeadline(command);
            return;
        }
        Check check = checks.get(command.check());
        if (check == null) {
            metrics.confirmation(command.check(), SKIPPED_UNKNOWN_CHECK);
            logger.atDebug().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                    .log("not confirming a check this probe does not run");
            return;
        }
        if (check.journey().isPresent()) {
            logger.atDebug().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                    .log("not confirming a journey check: its runs belong to rounds");
            return;
        }
        if (options.perMinute() == 0) {
            metrics.confirmation(command.check(), SKIPPED_LIMIT);
            logger.atDebug().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                    .log("confirmation runs are off on this probe (--max-confirmations-per-minute 0)");
            return;
        }
        while (!starts.isEmpty() && !starts.peekFirst().isAfter(now.minus(MINUTE))) {
            starts.removeFirst();
        }
        if (starts.size() >= options.perMinute()) {
            metrics.confirmation(command.check(), SKIPPED_LIMIT);
            logger.atWarn().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                    .addKeyValue("limit", options.perMinute())
                    .log("not confirming: this probe started as many confirmation runs in the last minute as"
                            + " --max-confirmations-per-minute allows");
            return;
        }
        try {
            pool.execute(() -> runNow(check, command));
            starts.addLast(now);
        } catch (RejectedExecutionException e) {
            metrics.confirmation(command.check(), SKIPPED_LIMIT);
            logger.atWarn().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                    .addKeyValue("running", options.threads()).addKeyValue("waiting", options.queue())
                    .log(pool.isShutdown() ? "not confirming: the probe is stopping"
                            : "not confirming: as many confirmation runs are running and waiting as this probe takes");
        }
    }

    private void runNow(Check check, Command command) {
        if (clock.instant().isAfter(command.deadline())) {
            skipDeadline(command);
            return;
        }
        try {
            if (run.run(check, new Confirmation(command.id(), command.reason()), command.deadline())) {
                metrics.confirmation(command.check(), RAN);
                logger.atDebug().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                        .addKeyValue("reason", command.reason()).addKeyValue("trigger", command.trigger().probe())
                        .log("confirmation run done");
            } else {
                skipDeadline(command);
            }
        } catch (IOException | RuntimeException e) {
            logger.atError().setCause(e).addKeyValue("check", command.check()).addKeyValue("command", command.id())
                    .log("a confirmation run failed to be kept");
        }
    }

    private void skipDeadline(Command command) {
        metrics.confirmation(command.check(), SKIPPED_DEADLINE);
        logger.atInfo().addKeyValue("check", command.check()).addKeyValue("command", command.id())
                .addKeyValue("deadline", command.deadline())
                .log("not confirming: the command's deadline passed before its run could start");
    }

    /**
     * Takes no more commands, drops those waiting for a thread and waits up to {@code wait} for the
     * runs in progress (each ends at its check's deadline).
     */
    public void close(Duration wait) {
        pool.shutdown();
        pool.getQueue().clear();
        try {
            if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                logger.atWarn().log("confirmation runs still running at shutdown; leaving them behind");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
