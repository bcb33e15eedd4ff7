package org.glassprobe.api.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassprobe.api.storage.StoreException;
import org.glassprobe.scheduler.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: for each subscription, its oldest due delivery that no older delivery of the
 * same incident (or probe) waits before, so that a subscriber hears each incident's events in
 * order (its later notice waits while an earlier one is retried) and a new page never waits
 * behind the backoff of an older incident's. A delivery that gets through makes the subscriber's
 * backlog due at once: a receiver that comes back gets it promptly.
 * Transient failures are retried after the backoff until the horizon; then the delivery is marked
 * failed, logged at error, and the next one goes. Woken at once when events are written on this
 * replica, it also looks at the outbox every {@code poll}, so that deliveries written elsewhere,
 * due for a retry, or left pending by a stopped API go too. A lease on each subscription lets only
 * one sender (of any replica) deliver its messages at a time.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(Dispatcher.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /**
     * @param poll    how often the outbox is looked at without being woken
     * @param threads subscriptions delivered to at once
     * @param horizon how long after its event a delivery is retried
     * @param keep    finished deliveries kept per subscription
     * @param timeout the longest one attempt takes (the lease covers it)
     */
    public record Options(Duration poll, int threads, Duration horizon, int keep, Duration timeout, Clock clock) {}

    private final OutboxStore store;
    private final Notifiers notifiers;
    private final Backoff backoff;
    private final Options options;
    private final Clock clock;
    private final String owner = "api-" + UUID.randomUUID();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final ExecutorService senders;
    private final Object signal = new Object();
    private final AtomicInteger delivered = new AtomicInteger();
    private boolean woken;
    private volatile boolean stopping;
    private Thread loop;

    public Dispatcher(OutboxStore store, Notifiers notifiers, Backoff backoff, Options options) {
        this.store = store;
        this.notifiers = notifiers;
        this.backoff = backoff;
        this.options = options;
        this.clock = options.clock();
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "glassprobe-notify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        loop = new Thread(this::run, "glassprobe-notify-loop");
        loop.setDaemon(true);
        loop.start();
    }

    /** Looks at the outbox now (events were just written). */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Messages delivered by this replica since it started. */
    public int delivered() {
        return delivered.get();
    }

    private void run() {
        while (!stopping) {
            Duration wait = options.poll();
            try {
                wait = scan();
            } catch (StoreException e) {
                logger.atWarn().addKeyValue("error", e.getMessage())
                        .log("cannot read the outbox; deliveries wait until the database answers");
            } catch (RuntimeException e) {
                logger.atError().setCause(e).log("the webhook sender failed; it goes on at its next look");
            }
            synchronized (signal) {
                if (!woken && !stopping) {
                    try {
                        signal.wait(Math.max(1, wait.toMillis()));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** Starts a sender for each subscription whose oldest delivery is due; returns how long to wait before looking again. */
    private Duration scan() {
        Instant now = clock.instant();
        Duration wait = options.poll();
        for (Map.Entry<String, Instant> head : store.heads().entrySet()) {
            String subscription = head.getKey();
            if (!head.getValue().isAfter(now)) {
                if (busy.add(subscription)) {
                    try {
                        senders.execute(() -> drain(subscription));
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        busy.remove(subscription);
                    }
                }
            } else {
                Duration until = Duration.between(now, head.getValue());
                if (until.compareTo(wait) < 0) {
                    wait = until;
                }
            }
        }
        return wait;
    }

    /** Delivers the subscription's due deliveries in order, holding its lease. */
    private void drain(String subscription) {
        boolean leased = false;
        try {
            while (!stopping) {
                Instant now = clock.instant();
                if (!store.lease(subscription, owner, now, now.plus(options.timeout()).plus(LEASE_MARGIN))) {
                    return; // another sender delivers it
                }
                leased = true;
                Optional<Pending> head = store.head(subscription, now);
                if (head.isEmpty()) {
                    return;
                }
                deliver(head.get(), now);
            }
        } catch (StoreException e) {
            logger.atWarn().addKeyValue("webhook", subscription).addKeyValue("error", e.getMessage())
                    .log("a delivery could not be recorded; it is tried again");
        } catch (RuntimeException e) {
            logger.atError().addKeyValue("webhook", subscription).setCause(e).log("delivering failed unexpectedly");
        } finally {
            if (leased) {
                try {
                    store.release(subscription, owner);
                } catch (RuntimeException e) {
                    logger.atWarn().addKeyValue("webhook", subscription).log("the lease could not be released; it runs out");
                }
            }
            busy.remove(subscription);
            wake();
        }
    }

    private void deliver(Pending p, Instant now) {
        Instant horizon = p.createdAt().plus(options.horizon());
        if (p.attempts() > 0 && !now.isBefore(horizon)) {
            store.expire(p.seq(), now, options.keep());
            failed(p, p.attempts(), "its horizon passed before it could be tried again");
            return;
        }
        Optional<Notifier> notifier = notifiers.of(p.kind());
        Attempt attempt = notifier.isEmpty()
                ? new Attempt.Fatal(null, 0, "no notifier of kind '" + p.kind() + "' in this version")
                : notifier.get().send(new Notifier.Target(p.subscription(), p.address(), p.settings(), p.secret()),
                        new Notifier.Message(p.messageId(), p.eventType(), now, p.payload()));
        int number = p.attempts() + 1;
        Instant done = clock.instant();
        if (attempt instanceof Attempt.Delivered) {
            store.recordAttempt(p.seq(), number, now, attempt, "delivered", null, options.keep());
            delivered.incrementAndGet();
            logger.atDebug().addKeyValue("webhook", p.subscription()).addKeyValue("message", p.messageId())
                    .addKeyValue("event", p.eventType()).addKeyValue("attempt", number).log("delivered");
        } else if (attempt instanceof Attempt.Fatal) {
            store.recordAttempt(p.seq(), number, now, attempt, "failed", null, options.keep());
            failed(p, number, attempt.error());
        } else {
            Instant retryAt = done.plus(backoff.after(number));
            if (retryAt.isAfter(horizon)) {
                store.recordAttempt(p.seq(), number, now, attempt, "failed", null, options.keep());
                failed(p, number, attempt.error() + "; the next try would be past the horizon of "
                        + options.horizon().toSeconds() + " s");
            } else {
                store.recordAttempt(p.seq(), number, now, attempt, "pending", retryAt, options.keep());
                logger.atWarn().addKeyValue("webhook", p.subscription()).addKeyValue("message", p.messageId())
                        .addKeyValue("event", p.eventType()).addKeyValue("attempt", number)
                        .addKeyValue("error", attempt.error()).addKeyValue("retryAt", retryAt)
                        .log("webhook delivery failed; retrying later (later events for it wait)");
            }
        }
    }

    private static void failed(Pending p, int attempts, String why) {
        logger.atError().addKeyValue("webhook", p.subscription()).addKeyValue("url", p.address())
                .addKeyValue("message", p.messageId()).addKeyValue("event", p.eventType())
                .addKeyValue("attempts", attempts).addKeyValue("error", why)
                .log("webhook delivery failed for good; the next event for this webhook goes now");
    }

    @Override
    public void close() {
        stopping = true;
        wake();
        if (loop != null) {
            loop.interrupt();
        }
        senders.shutdown();
        try {
            // an attempt still running after a moment is interrupted: recorded as one to retry, it goes again later
            if (!senders.awaitTermination(Math.min(3000, options.timeout().toMillis() + 500), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
                senders.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
