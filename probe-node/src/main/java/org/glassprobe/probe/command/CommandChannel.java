package org.glassprobe.probe.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.sync.ApiException;
import org.glassprobe.scheduler.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe's end of the command channel (docs/api.md, Commands): one long poll to the results API
 * after another, on its own daemon thread, handing each new command over once. It never spins: an
 * answer that came back quickly with nothing new is followed by a pause, a failure by a backoff
 * (1 s doubling to 30 s, with jitter). A lost channel is logged once when it goes and once when it
 * is back; meanwhile the probe keeps its schedule and pulls its checks by ETag as before.
 */
public final class CommandChannel implements Runnable {
    private static final Logger logger = LoggerFactory.getLogger(CommandChannel.class);
    /** The most ids a request tells the API it has (the API takes up to 64). */
    static final int MAX_HAVE = 64;
    /** The most ids remembered to hand each command over once; far more than are pending at once. */
    static final int MAX_SEEN = 1024;
    /** How long past its deadline an id is remembered. */
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    /** Where the answers come from: the results API's commands route. */
    @FunctionalInterface
    public interface Source {
        /** @param cancelWith is given a way to end the request while it waits, before it is made */
        Command.Answer commands(Duration wait, Collection<String> have, Consumer<Runnable> cancelWith)
                throws ApiException;
    }

    /** What the channel tells the rest of the probe; called on the channel's thread, so it must not block long. */
    public interface Listener {
        /** A command this channel has not handed over before. */
        void command(Command command);

        /** The ETag of the probe's checks on the API now, with every answer that carries one. */
        void checksEtag(String etag);
    }

    /**
     * How the channel paces itself.
     *
     * @param longPoll    how long the API may hold a request (at most 25 s, as the API takes)
     * @param quickAnswer an answer with nothing new that came sooner than this is followed by {@code pause}
     * @param pause       the pause after such an answer
     * @param backoff     the waits after failures in a row
     */
    public record Options(Duration longPoll, Duration quickAnswer, Duration pause, Backoff backoff) {
        public Options {
            Objects.requireNonNull(longPoll, "longPoll");
            Objects.requireNonNull(quickAnswer, "quickAnswer");
            Objects.requireNonNull(pause, "pause");
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    private final Source source;
    private final Listener listener;
    private final Options options;
    private final Backoff.Retries retries;
    private final ProbeMetrics metrics;
    private final Clock clock;
    /** Ids handed over, with their deadlines, oldest first; only the channel's thread touches it. */
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();
    private volatile boolean stopped;
    /** Ends the request in flight (a blocked read ignores the interrupt). */
    private volatile Runnable cancel = () -> { };
    private Thread thread;
    /** Whether the last request failed, and whether for the token: what the outage's one log line said. */
    private boolean down;
    private boolean refused;

    public CommandChannel(Source source, Listener listener, Options options, ProbeMetrics metrics, Clock clock) {
        this.source = source;
        this.listener = listener;
        this.options = options;
        this.retries = options.backoff().retries();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Starts the channel on its own daemon thread, {@code glassprobe-commands}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("the command channel is started already");
        }
        thread = new Thread(this, "glassprobe-commands");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ends the channel: no command is handed over after this returns, unless the thread did not end
     * within {@code wait} (a request that ignores the interrupt; the thread is a daemon).
     */
    public void stop(Duration wait) {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        cancel.run();
        try {
            t.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            logger.atWarn().addKeyValue("waitedMs", wait.toMillis())
                    .log("the command channel's request did not end at shutdown; leaving it behind");
        }
    }

    @Override
    public void run() {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            long t0 = System.nanoTime();
            Duration sleep;
            try {
                Command.Answer answer = source.commands(options.longPoll(), have(), this::cancelWith);
                if (stopped) {
                    return;
                }
                succeeded();
                int fresh = take(answer);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                sleep = fresh == 0 && took.compareTo(options.quickAnswer()) < 0 ? options.pause() : Duration.ZERO;
            } catch (ApiException e) {
                if (stopped) {
                    return;
                }
                sleep = failed(e.getMessage(), e.status());
            } catch (RuntimeException e) {
                logger.atError().setCause(e).log("the command channel failed unexpectedly; trying again");
                sleep = failed(String.valueOf(e), 0);
            }
            if (!sleep.isZero() && !pause(sleep)) {
                return;
            }
        }
    }

    private void cancelWith(Runnable c) {
        cancel = c;
        if (stopped) {
            c.run();
        }
    }

    /** The ids to send: those seen whose deadline has not passed, the newest {@link #MAX_HAVE}. */
    private List<String> have() {
        Instant now = clock.instant();
        // An id is remembered a while past its deadline, so that an API whose clock is behind this
        // probe's does not have a command handed over twice.
        seen.values().removeIf(deadline -> deadline.plus(FORGET_AFTER).isBefore(now));
        List<String> ids = new ArrayList<>();
        seen.forEach((id, deadline) -> {
            if (!deadline.isBefore(now)) {
                ids.add(id);
            }
        });
        return ids.size() <= MAX_HAVE ? ids : List.copyOf(ids.subList(ids.size() - MAX_HAVE, ids.size()));
    }

    /** Hands over the commands not seen before; how many there were. */
    private int take(Command.Answer answer) {
        int fresh = 0;
        for (Command c : answer.commands()) {
            if (seen.containsKey(c.id())) {
                continue;
            }
            seen.put(c.id(), c.deadline());
            if (seen.size() > MAX_SEEN) {
                Iterator<String> eldest = seen.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            fresh++;
            try {
                listener.command(c);
            } catch (RuntimeException e) {
                logger.atError().setCause(e).addKeyValue("command", c.id()).addKeyValue("check", c.check())
                        .log("handing a command over failed");
            }
        }
        if (answer.checksEtag() != null) {
            try {
                listener.checksEtag(answer.checksEtag());
            } catch (RuntimeException e) {
                logger.atError().setCause(e).log("acting on the checks' ETag the command channel gave failed");
            }
        }
        return fresh;
    }

    private void succeeded() {
        metrics.commandChannelUp(true);
        retries.reset();
        if (down) {
            logger.atInfo().log("the command channel reaches the results API again");
        }
        down = false;
        refused = false;
    }

    /** Logs the failure if it starts an outage (or the token is refused now); the wait before trying again. */
    private Duration failed(String reason, int status) {
        metrics.commandChannelUp(false);
        boolean token = status == 401 || status == 403;
        if (token && !refused) {
            logger.atError().addKeyValue("reason", reason).log("the results API refuses this probe's token on the"
                    + " command channel: enrol the probe again (glassprobe-probe enrol --force) and restart it;"
                    + " no confirmation runs until then, checks keep running on schedule");
        } else if (!token && !down) {
            logger.atWarn().addKeyValue("reason", reason).log(status == 404
                    ? "the results API has no command channel (older than this probe?); trying again with backoff,"
                            + " checks keep running on schedule and are pulled by ETag"
                    : "the command channel is lost; reconnecting with backoff, checks keep running on schedule"
                            + " and are pulled by ETag");
        }
        down = true;
        refused = token;
        return retries.next();
    }

    /** Sleeps; false when the channel was stopped meanwhile. */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
