package org.glassprobe.demo.faults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delays for the {@code slow} fault without blocking a thread per request: one timer thread
 * completes each delay and hands the request back to the server's worker threads.
 */
public final class Delays implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final Executor workers;

    /** @param workers where delayed requests resume (the server's thread pool), so the timer thread stays free */
    public Delays(Executor workers) {
        this.workers = workers;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "demo-site-delays");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A future completed, on a worker thread, {@code millis} milliseconds from now. */
    CompletableFuture<Void> after(long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        timer.schedule(() -> workers.execute(() -> done.complete(null)), millis, TimeUnit.MILLISECONDS);
        return done;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
