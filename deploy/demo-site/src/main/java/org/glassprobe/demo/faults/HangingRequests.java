package org.glassprobe.demo.faults;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The requests held by the {@code hang} fault. A held request is a future that nothing
 * completes until the mode is left: no thread waits on it. The fault for every request and
 * each region's own {@code hang} hold and release their requests separately.
 */
public final class HangingRequests {

    /** The scope of the fault for every request; regions are never empty. */
    private static final String EVERY_REQUEST = "";

    /** Each held request, with the scope of the fault that holds it. */
    private final Map<CompletableFuture<Void>, String> held = new ConcurrentHashMap<>();
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final Executor workers;

    /** @param workers where released requests resume, so that releasing many does not run them all on one thread */
    public HangingRequests(Executor workers) {
        this.workers = workers;
    }

    /** How many requests are held now. */
    public int count() {
        return held.size();
    }

    /**
     * A future completed only on release; released at once if holding has stopped meanwhile.
     *
     * @param region the region of the {@code hang} that holds it; null for the fault for every request
     */
    CompletableFuture<Void> hold(String region) {
        String scope = scope(region);
        CompletableFuture<Void> request = new CompletableFuture<>();
        held.put(request, scope);
        if (!holding.contains(scope)) {
            release(request);
        }
        return request;
    }

    void startHolding(String region) {
        holding.add(scope(region));
    }

    /** Stops holding for that region (null: for the fault for every request) and lets its held requests resume, each on a worker thread. */
    void releaseAll(String region) {
        String scope = scope(region);
        holding.remove(scope);
        held.forEach((request, of) -> {
            if (of.equals(scope)) {
                release(request);
            }
        });
    }

    /** Stops holding everywhere and lets every held request resume, each on a worker thread. */
    void releaseEverywhere() {
        holding.clear();
        held.keySet().forEach(this::release);
    }

    /**
     * Stops holding for the fault for every request and answers every held request (regions'
     * included) on the calling thread, so that the answers are written before the listening
     * socket closes; regions with their own {@code hang} go on holding new requests.
     */
    void releaseAllBeforeRefusing() {
        holding.remove(EVERY_REQUEST);
        answerHeldNow();
    }

    /**
     * Stops holding everywhere and answers every held request on the calling thread, so that the
     * answers are written before the server stops.
     */
    void releaseAllBeforeStopping() {
        holding.clear();
        answerHeldNow();
    }

    private void answerHeldNow() {
        for (CompletableFuture<Void> request : held.keySet()) {
            if (held.remove(request) != null) {
                request.complete(null);
            }
        }
    }

    private void release(CompletableFuture<Void> request) {
        if (held.remove(request) != null) {
            workers.execute(() -> request.complete(null));
        }
    }

    private static String scope(String region) {
        return region == null ? EVERY_REQUEST : region;
    }
}
