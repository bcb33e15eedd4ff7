package org.glassprobe.demo.faults;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The requests held by the {@code hang} fault. A held request is a future that nothing
 * completes until the mode is left: no thread waits on it.
 */
public final class HangingRequests {

    private final Set<CompletableFuture<Void>> held = ConcurrentHashMap.newKeySet();
    private final Executor workers;
    private volatile boolean holding;

    /** @param workers where released requests resume, so that releasing many does not run them all on one thread */
    public HangingRequests(Executor workers) {
        this.workers = workers;
    }

    /** How many requests are held now. */
    public int count() {
        return held.size();
    }

    /** A future completed only on release; released at once if holding has stopped meanwhile. */
    CompletableFuture<Void> hold() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        held.add(request);
        if (!holding) {
            release(request);
        }
        return request;
    }

    void startHolding() {
        holding = true;
    }

    /** Stops holding and lets every held request resume, each on a worker thread. */
    void releaseAll() {
        holding = false;
        held.forEach(this::release);
    }

    /**
     * Stops holding and answers every held request on the calling thread, so that the
     * answers are written before the server stops.
     */
    void releaseAllBeforeStopping() {
        holding = false;
        for (CompletableFuture<Void> request : held) {
            if (held.remove(request)) {
                request.complete(null);
            }
        }
    }

    private void release(CompletableFuture<Void> request) {
        if (held.remove(request)) {
            workers.execute(() -> request.complete(null));
        }
    }
}
