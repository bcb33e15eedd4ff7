package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Tracing;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.RunMdc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt's browser: a fresh context (cookies, cache, connections of its own) with one page,
 * on a lane of the probe's pool. The browser steps of an attempt, or its scenario script, use it
 * one call at a time; when the attempt fails it saves a screenshot and the Playwright trace; when
 * the attempt ends it is closed, and if a call is still stuck then, its driver is killed.
 */
public final class BrowserSession {
    private static final Logger logger = LoggerFactory.getLogger(BrowserSession.class);
    /** How long the end of an attempt waits for a call still running before it kills the lane. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** How long saving the evidence of a failure may take, per file. */
    static final Duration EVIDENCE_TIMEOUT = Duration.ofSeconds(3);
    /** How long saving all the evidence of a failure may take. */
    static final Duration EVIDENCE_BUDGET = Duration.ofSeconds(8);
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "glassprobe-browser-bounded");
        t.setDaemon(true);
        return t;
    });

    private final BrowserPool pool;
    private final Lane lane;
    private final BrowserContext context;
    private final Page page;
    private final RunContext run;
    private final Clock clock;
    private final boolean tracing;
    /** Held while a Playwright call is running: Playwright for Java allows one thread at a time. */
    private final Semaphore busy = new Semaphore(1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile int navigations;
    private volatile Response lastDocument;
    private double lastTimedOrigin = -1;
    private Thread holder;

    private BrowserSession(BrowserPool pool, Lane lane, BrowserContext context, Page page, RunContext run,
            Clock clock, boolean tracing) {
        this.tracing = tracing;
        this.pool = pool;
        this.lane = lane;
        this.context = context;
        this.page = page;
        this.run = run;
        this.clock = clock;
    }

    static BrowserSession start(BrowserPool pool, Lane lane, BrowserContext context, RunContext run, Clock clock) {
        context.addInitScript(NavigationTiming.LCP_OBSERVER);
        double left = Math.max(1, run.remainingMillis());
        context.setDefaultTimeout(left);
        context.setDefaultNavigationTimeout(left);
        boolean tracing = pool.settings().traces().records(run.attempt());
        if (tracing) {
            context.tracing().start(new Tracing.StartOptions().setScreenshots(true).setSnapshots(true));
        }
        Page page = context.newPage();
        BrowserSession session = new BrowserSession(pool, lane, context, page, run, clock, tracing);
        page.onFrameNavigated(frame -> {
            if (frame.parentFrame() == null) {
                session.navigations++;
            }
        });
        page.onResponse(response -> {
            if (response.request().isNavigationRequest() && response.frame().parentFrame() == null) {
                session.lastDocument = response;
            }
        });
        run.onCancel(session::abort);
        run.onFailure(session::saveEvidence);
        return session;
    }

    /** Runs a step's Playwright calls on the calling thread, the only one using the page meanwhile. */
    <T> T use(Function<Page, T> calls) {
        busy.acquireUninterruptibly();
        try {
            return calls.apply(page);
        } finally {
            busy.release();
        }
    }

    /**
     * The page for a scenario script, held by the calling thread until {@link #release()}: the
     * script calls Playwright itself.
     */
    public synchronized Page hold() {
        if (holder != Thread.currentThread()) {
            busy.acquireUninterruptibly();
            holder = Thread.currentThread();
        }
        return page;
    }

    public synchronized void release() {
        if (holder == Thread.currentThread()) {
            holder = null;
            busy.release();
        }
    }

    BrowserSettings settings() {
        return pool.settings();
    }

    /** How many times the main frame navigated so far (a click that opens a page adds one). */
    public int navigations() {
        return navigations;
    }

    /** The last response that was a document of the main frame, if any. */
    public Optional<Response> lastDocument() {
        return Optional.ofNullable(lastDocument);
    }

    /**
     * The Navigation Timing of the page now showing: always when {@code always}, otherwise only
     * when it is a document whose timings were not reported yet. Call with the page in hand.
     */
    public Map<String, Double> timings(boolean always) {
        NavigationTiming.Reading reading = NavigationTiming.read(page);
        if (!always && reading.origin() == lastTimedOrigin) {
            return Map.of();
        }
        lastTimedOrigin = reading.origin();
        return reading.timings();
    }

    /**
     * The runner's deadline passed and the attempt is still running. If a Playwright call is in
     * flight half a second past a deadline its own timeout should have met, the driver or Chromium
     * is stuck: kill the lane (the call then fails at once) and have Chromium checked before its
     * next use.
     */
    private void abort() {
        if (busy.tryAcquire()) {
            busy.release();
            return;
        }
        if (ended.compareAndSet(false, true)) {
            logger.atWarn().addKeyValue("check", run.checkName())
                    .log("a browser call outlived the run's deadline; killing its Playwright driver");
            lane.kill();
            pool.lost(lane);
        }
    }

    /**
     * Saves a screenshot and the trace of a failed attempt. Runs on the runner's thread after the
     * run stopped, so it never counts against the deadline; bounded as a whole, so that a browser
     * that no longer answers cannot hold the result back.
     */
    private List<StepResult.Artifact> saveEvidence(String failedStep) {
        Optional<Path> dir = run.artifactDir();
        if (dir.isEmpty() || ended.get() || !acquire(CLOSE_WAIT)) {
            return List.of();
        }
        List<StepResult.Artifact> saved = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            String base = Artifacts.baseName(clock.instant(), run.checkName(), failedStep);
            boolean inTime = bounded(EVIDENCE_BUDGET, () -> {
                try {
                    // A navigation still pending (a hung site) holds a screenshot back: stop it, show what is on screen.
                    CDPSession cdp = context.newCDPSession(page);
                    cdp.send("Page.stopLoading");
                    cdp.detach();
                } catch (PlaywrightException e) {
                    logger.atDebug().addKeyValue("error", firstLine(e)).log("could not stop the page loading");
                }
                try {
                    byte[] png = page.screenshot(new Page.ScreenshotOptions().setTimeout(EVIDENCE_TIMEOUT.toMillis()));
                    saved.add(Artifacts.write(dir.get(), base + ".png", "screenshot", png));
                } catch (PlaywrightException | IOException e) {
                    logger.atWarn().addKeyValue("check", run.checkName()).addKeyValue("error", firstLine(e))
                            .log("no screenshot of the failed run");
                }
                if (tracing) {
                    Path zip = dir.get().resolve(base + ".zip");
                    try {
                        context.tracing().stop(new Tracing.StopOptions().setPath(zip));
                        saved.add(Artifacts.describe(zip, "trace"));
                    } catch (PlaywrightException | IOException e) {
                        logger.atWarn().addKeyValue("check", run.checkName()).addKeyValue("error", firstLine(e))
                                .log("no trace of the failed run");
                    }
                }
            });
            if (!inTime) {
                return List.copyOf(saved);
            }
            Artifacts.prune(dir.get(), pool.settings().maxArtifactFiles(), pool.settings().maxArtifactBytes(), saved);
            return List.copyOf(saved);
        } finally {
            busy.release();
        }
    }

    /**
     * Ends the attempt's browser: closes the context and gives the lane back; if a call is still
     * stuck on another thread, or closing does not finish in time, kills the lane instead.
     */
    void close() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (!acquire(CLOSE_WAIT)) {
            logger.atWarn().addKeyValue("check", run.checkName())
                    .log("a browser call was still running when the attempt ended; killing its Playwright driver");
            lane.kill();
            pool.lost(lane);
            return;
        }
        boolean[] healthy = {false};
        boolean inTime;
        try {
            inTime = bounded(CLOSE_WAIT, () -> {
                try {
                    context.close();
                    healthy[0] = true;
                } catch (PlaywrightException e) {
                    healthy[0] = false;
                }
            });
        } finally {
            busy.release();
        }
        if (inTime) {
            pool.release(lane, healthy[0]);
        }
    }

    private boolean acquire(Duration within) {
        try {
            return busy.tryAcquire(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs Playwright calls that have no timeout of their own on a helper thread (the lane is
     * ours: {@code busy} is held) and waits at most {@code limit}; past it the lane is killed,
     * which makes the calls fail, and Chromium is checked before its next use.
     */
    private boolean bounded(Duration limit, Runnable calls) {
        Future<?> done = HELPERS.submit(RunMdc.carry(calls));
        try {
            done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            logger.atWarn().addKeyValue("check", run.checkName()).addKeyValue("limitMs", limit.toMillis())
                    .log("the browser did not answer in time; killing its Playwright driver");
            ended.set(true);
            lane.kill();
            pool.lost(lane);
            return false;
        } catch (ExecutionException e) {
            logger.atWarn().addKeyValue("check", run.checkName()).setCause(e.getCause())
                    .log("closing the browser context failed");
            return true;
        }
    }

    /** The first line of a Playwright error, without its "Error {" wrapping. */
    public static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int quoted = message.indexOf("message='");
        if (message.startsWith("Error {") && quoted >= 0) {
            message = message.substring(quoted + "message='".length());
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
