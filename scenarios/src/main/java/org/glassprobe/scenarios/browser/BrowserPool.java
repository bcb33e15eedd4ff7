package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe's browser: one Chromium per probe process, started on first need, and a bounded number
 * of attempts with a context in it at once. Each context is reached through a lane (a Playwright
 * driver of its own, since Playwright for Java is not thread-safe); lanes are kept for the next
 * attempt. The first lane launches Chromium over its pipe (the fastest connection: runs one after
 * another, a probe's usual case, all use it); further lanes connect over DevTools. A Chromium that
 * died is replaced on the next attempt; one that a stuck call left suspect is asked whether it
 * still answers first, and replaced if not.
 */
public final class BrowserPool implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(BrowserPool.class);
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);

    private final BrowserSettings settings;
    private final Clock clock;
    private final Semaphore slots;
    private final Deque<Lane> idle = new ArrayDeque<>();
    private Chromium chromium;
    private long generations;
    private boolean suspect;
    private boolean closed;

    public BrowserPool(BrowserSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.slots = new Semaphore(settings.maxContexts(), true);
    }

    public BrowserSettings settings() {
        return settings;
    }

    /**
     * The attempt's browser session, opened on first use (waiting, until the attempt's deadline,
     * for a free context if all are taken) and closed when the attempt ends.
     *
     * @throws StepFailure of kind {@code probe} when the browser cannot be had
     */
    public BrowserSession session(RunContext run) {
        return run.resource(SessionHolder.class, SessionHolder::new).open(() -> open(run));
    }

    private BrowserSession open(RunContext run) {
        long deadline = run.deadlineNanos();
        try {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new StepFailure(ErrorKind.PROBE, "all " + settings.maxContexts() + " browser contexts of this"
                        + " probe stayed busy until the deadline; run fewer browser checks at once or raise "
                        + BrowserSettings.CONTEXTS_ENV);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(ErrorKind.TIMEOUT, "the run was stopped while waiting for a browser context");
        }
        Lane lane = null;
        try {
            Ready ready = ready(deadline);
            Chromium browser = ready.chromium();
            lane = ready.lane();
            // Opening has no timeouts of its own (a new context, a page): if Chromium hangs meanwhile,
            // the runner's deadline kills the lane, which makes the call fail.
            AtomicBoolean opening = new AtomicBoolean(true);
            Lane opened = lane;
            run.onCancel(() -> {
                if (opening.get()) {
                    opened.kill();
                }
            });
            Browser connection;
            try {
                connection = lane.browser(browser, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (Chromium.BrowserStartException e) {
                throw new StepFailure(ErrorKind.PROBE, "glassprobe cannot reach its browser: " + e.getMessage());
            }
            BrowserContext context = connection.newContext();
            BrowserSession session = BrowserSession.start(this, lane, context, run, clock);
            opening.set(false);
            return session;
        } catch (PlaywrightException e) {
            if (lane != null) {
                lane.kill();
                lost(lane);
            } else {
                synchronized (this) {
                    suspect = true;
                }
                slots.release();
            }
            throw new StepFailure(ErrorKind.PROBE, "the browser could not open a page: "
                    + BrowserSession.firstLine(e));
        } catch (RuntimeException e) {
            if (lane != null) {
                release(lane, true);
            } else {
                slots.release();
            }
            throw e;
        }
    }

    /**
     * The running Chromium, launched by this lane when there is none, or when it died or stopped
     * answering (then it is killed first).
     */
    private synchronized Chromium chromium(Lane lane, long deadline) {
        if (closed) {
            throw new StepFailure(ErrorKind.PROBE, "the probe is shutting down its browser");
        }
        if (chromium != null && (!chromium.isAlive() || (suspect && !chromium.answers(ANSWER_WAIT)))) {
            logger.atWarn().addKeyValue("pid", chromium.pid()).addKeyValue("alive", chromium.isAlive())
                    .log("Chromium died or stopped answering; starting a new one");
            chromium.kill();
            chromium = null;
        }
        suspect = false;
        if (chromium == null) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Duration timeout = left.compareTo(settings.startTimeout()) < 0 ? left : settings.startTimeout();
            try {
                chromium = lane.launch(settings, timeout, ++generations, settings.maxContexts() > 1);
            } catch (Chromium.BrowserStartException e) {
                throw new StepFailure(ErrorKind.PROBE, "glassprobe cannot start its browser: " + e.getMessage());
            }
            logger.atInfo().addKeyValue("pid", chromium.pid()).addKeyValue("executable", settings.chromium())
                    .log("Chromium started");
        }
        return chromium;
    }

    /** A running Chromium and a lane for it. */
    private record Ready(Chromium chromium, Lane lane) {}

    /** A lane (an idle one, or a new driver) and the running Chromium, launched by that lane if need be. */
    private Ready ready(long deadline) {
        Lane lane;
        synchronized (this) {
            lane = idle.pollFirst();
        }
        if (lane == null) {
            lane = Lane.start(settings);
        }
        try {
            return new Ready(chromium(lane, deadline), lane);
        } catch (RuntimeException e) {
            release(lane, true, false);
            throw e;
        }
    }

    /** Gives a lane back after a clean attempt (kept for the next one) or a broken one (closed). */
    void release(Lane lane, boolean healthy) {
        release(lane, healthy, true);
    }

    private void release(Lane lane, boolean healthy, boolean slot) {
        boolean keep;
        synchronized (this) {
            keep = healthy && !closed;
            if (keep) {
                idle.addFirst(lane);
            } else {
                dropChromiumOf(lane);
            }
        }
        if (!keep) {
            lane.close();
        }
        if (slot) {
            slots.release();
        }
    }

    /**
     * A lane was killed because a call on it was stuck: Chromium may be the one stuck, and if that
     * lane launched it, Chromium has lost its pipe; either way the next attempt checks or replaces it.
     */
    void lost(Lane lane) {
        synchronized (this) {
            suspect = true;
            dropChromiumOf(lane);
        }
        slots.release();
    }

    /** A Chromium whose launching lane goes away goes with it (its pipe was the lane's). */
    private void dropChromiumOf(Lane lane) {
        if (chromium != null && chromium.owner() == lane) {
            chromium.kill();
            chromium = null;
        }
    }

    /**
     * Starts Chromium and one lane now, and opens and closes one page, so that the first measured
     * attempt does not pay for the start-up.
     */
    public void warm(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            if (!slots.tryAcquire(within.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Lane lane = null;
        try {
            Ready ready = ready(deadline);
            lane = ready.lane();
            BrowserContext context = lane.browser(ready.chromium(), within).newContext();
            context.newPage().navigate("about:blank");
            context.close();
            release(lane, true);
        } catch (RuntimeException | Chromium.BrowserStartException e) {
            logger.atWarn().addKeyValue("error", BrowserSession.firstLine(e))
                    .log("warming the browser failed; the first run will start it");
            if (lane != null) {
                release(lane, false);
            } else {
                slots.release();
            }
        }
    }

    /** The PID of the running Chromium, if one is running. */
    public synchronized OptionalLong chromiumPid() {
        return chromium == null || !chromium.isAlive() ? OptionalLong.empty() : OptionalLong.of(chromium.pid());
    }

    /** Closes every lane and kills Chromium; attempts still running fail. */
    @Override
    public void close() {
        List<Lane> lanes;
        Chromium running;
        synchronized (this) {
            closed = true;
            lanes = new ArrayList<>(idle);
            idle.clear();
            running = chromium;
            chromium = null;
        }
        lanes.forEach(Lane::close);
        if (running != null) {
            running.kill();
        }
    }

    /**
     * Holds an attempt's session: made fast inside the attempt's resource map, opened outside it
     * (opening may wait for a context), closed with the attempt even while it is being opened.
     */
    private static final class SessionHolder implements AutoCloseable {
        private volatile BrowserSession session;
        private volatile boolean closed;

        BrowserSession open(Supplier<BrowserSession> opener) {
            BrowserSession s = session;
            if (s != null) {
                return s;
            }
            synchronized (this) {
                if (session == null) {
                    if (closed) {
                        throw new StepFailure(ErrorKind.TIMEOUT, "the attempt ended before its browser was open");
                    }
                    BrowserSession opened = opener.get();
                    session = opened;
                    if (closed) {
                        opened.close();
                    }
                }
                return session;
            }
        }

        @Override
        public void close() {
            closed = true;
            BrowserSession s = session;
            if (s != null) {
                s.close();
            }
        }
    }
}
