package org.glassprobe.probe.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.probe.spool.SpoolRecord;
import org.glassprobe.scheduler.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends spooled results to the results API as soon as they exist, oldest first, forgetting each
 * only once the API acknowledged it. With no backlog a result goes alone, at once (no waiting to
 * fill a batch: detection must not be delayed by batching); after an outage the backlog goes in
 * batches. Network trouble is retried with exponential backoff and jitter; a result the API
 * refuses for good is dropped, counted and logged at error, so that it cannot block the rest.
 */
public final class Shipper implements Runnable {
    /** Bounds of one batch. */
    public record Limits(int maxResults, long maxBytes) {}

    /**
     * How the shipper sends.
     *
     * @param limits  the bounds of one batch
     * @param backoff the waits after failed deliveries
     * @param poll    how long to wait for a new result before looking again
     */
    public record Options(Limits limits, Backoff backoff, Duration poll) {
        public Options {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(poll, "poll");
        }
    }

    private static final Logger logger = LoggerFactory.getLogger(Shipper.class);

    private final Spool spool;
    private final ResultsEndpoint endpoint;
    private final Backoff.Retries retries;
    private final Limits limits;
    private final Duration poll;
    private final Clock clock;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unassigned = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastDelivery = new AtomicReference<>();
    private int nextLimit;
    private volatile boolean stopping;
    private volatile Thread thread;

    public Shipper(Spool spool, ResultsEndpoint endpoint, Options options, Clock clock) {
        this.spool = spool;
        this.endpoint = endpoint;
        this.retries = options.backoff().retries();
        this.limits = options.limits();
        this.poll = options.poll();
        this.clock = clock;
        this.nextLimit = limits.maxResults();
    }

    /** Runs until {@link #stop()}; meant for its own thread. */
    @Override
    public void run() {
        thread = Thread.currentThread();
        while (!stopping) {
            try {
                if (!spool.awaitPending(poll.toMillis())) {
                    continue;
                }
                Delivery delivery = sendOnce();
                if (delivery instanceof Delivery.Transient || delivery instanceof Delivery.Fatal) {
                    sleep(retries.next());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                lastError.set("spool: " + e.getMessage());
                logger.atError().setCause(e).log("cannot read the spool; results are kept on disk, retrying");
                sleep(retries.next());
            }
        }
    }

    /**
     * At shutdown: delivers what is pending while the API answers and time is left; stops at the
     * first failure (the rest stays spooled for the next start). Returns the results still pending.
     */
    public long drain(Duration budget) {
        long until = System.nanoTime() + budget.toNanos();
        try {
            while (spool.stats().pending() > 0 && System.nanoTime() - until < 0) {
                Delivery delivery = sendOnce();
                if (delivery instanceof Delivery.Transient || delivery instanceof Delivery.Fatal) {
                    break;
                }
            }
        } catch (IOException e) {
            logger.atWarn().setCause(e).log("cannot read the spool while draining; results stay on disk");
        }
        return spool.stats().pending();
    }

    /** Sends the oldest pending results as one batch and settles the spool with the API's answer. */
    private synchronized Delivery sendOnce() throws IOException {
        List<SpoolRecord> batch = spool.peek(nextLimit, limits.maxBytes());
        if (batch.isEmpty()) {
            return new Delivery.Accepted(0, 0);
        }
        nextLimit = limits.maxResults();
        Delivery delivery = endpoint.send(batch.stream().map(SpoolRecord::payload).toList());
        if (delivery instanceof Delivery.Accepted accepted) {
            spool.acknowledge(batch.get(batch.size() - 1).sequence());
            delivered.addAndGet(accepted.stored());
            duplicates.addAndGet(accepted.duplicates());
            unassigned.addAndGet(accepted.unassigned());
            lastDelivery.set(clock.instant());
            retries.reset();
        } else if (delivery instanceof Delivery.Rejected refusal) {
            int index = Math.max(0, Math.min(refusal.index(), batch.size() - 1));
            if (index > 0) {
                nextLimit = index; // nothing was stored: the results before the refused one go again, alone
            } else {
                SpoolRecord refused = batch.get(0);
                spool.acknowledge(refused.sequence());
                rejected.incrementAndGet();
                lastError.set("result refused by the API: " + refusal.reason());
                logger.atError().addKeyValue("reason", refusal.reason())
                        .addKeyValue("result", summary(refused.payload()))
                        .log("the results API refused a result for good; dropped it so that the others can go");
            }
        } else if (delivery instanceof Delivery.Fatal fatal) {
            lastError.set(fatal.reason());
            logger.atError().addKeyValue("reason", fatal.reason()).addKeyValue("pending", spool.stats().pending())
                    .log("the results API refuses this probe; results stay spooled. Check the probe's token"
                            + " (re-enrol the probe if it was deleted)");
        } else {
            Delivery.Transient trouble = (Delivery.Transient) delivery;
            lastError.set(trouble.reason());
            logger.atWarn().addKeyValue("reason", trouble.reason()).addKeyValue("pending", spool.stats().pending())
                    .log("cannot deliver results; will retry with backoff");
        }
        return delivery;
    }

    private void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            if (!stopping) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String summary(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 160), StandardCharsets.UTF_8);
        return text + (payload.length > 160 ? "…" : "");
    }

    /** Asks the loop to end after the batch in flight. */
    public void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public long delivered() {
        return delivered.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Results the API acknowledged without storing: run after their check left this probe's region. */
    public long unassigned() {
        return unassigned.get();
    }

    /** The last delivery problem, or null when there was none. */
    public String lastError() {
        return lastError.get();
    }

    /** When the API last acknowledged results, or null. */
    public Instant lastDelivery() {
        return lastDelivery.get();
    }
}
