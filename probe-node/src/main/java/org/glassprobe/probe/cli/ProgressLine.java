package org.glassprobe.probe.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassprobe.scenarios.run.RunProgress;

/**
 * The one line {@code run} redraws on a terminal while a check runs: which step, which attempt, how
 * long so far. Closing it erases it, so that what is left on the screen is the result alone.
 */
final class ProgressLine implements RunProgress, AutoCloseable {
    /** Back to the start of the line and erase it (ANSI "erase in line"). */
    static final String ERASE = "\r\033[K";
    private static final Duration TICK = Duration.ofMillis(100);

    private final PrintWriter out;
    private final String check;
    private final Clock clock;
    private final Instant start;
    private final ScheduledExecutorService ticker;
    private State state = new State("starting", false, 0, 0);
    private boolean closed;

    private record State(String step, boolean cleanup, int attempt, int attempts) {}

    ProgressLine(PrintWriter out, String check, Clock clock) {
        this.out = out;
        this.check = check;
        this.clock = clock;
        this.start = clock.instant();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        draw();
        ticker.scheduleAtFixedRate(this::draw, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stepStarted(String step, boolean cleanup, int attempt, int attempts) {
        synchronized (this) {
            state = new State(step, cleanup, attempt, attempts);
        }
        draw();
    }

    private synchronized void draw() {
        if (!closed) {
            out.print(ERASE + line(check, state.step(), state.cleanup(), state.attempt(), state.attempts(),
                    Duration.between(start, clock.instant())));
            out.flush();
        }
    }

    /** e.g. "… image-roundtrip-http: step upload · attempt 1 of 2 · 0.4 s"; attempt 0 is before the first step. */
    static String line(String check, String step, boolean cleanup, int attempt, int attempts, Duration elapsed) {
        String elapsedText = String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
        if (attempt == 0) {
            return "… " + check + ": " + step + " · " + elapsedText;
        }
        return "… " + check + ": " + (cleanup ? "clean-up step " : "step ") + step + " · attempt " + attempt + " of "
                + attempts + " · " + elapsedText;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            closed = true;
            out.print(ERASE);
            out.flush();
        }
    }
}
