package org.glassprobe.api.outage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.notify.OutboundEvent;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.glassprobe.api.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the decisions about checks: right after results are stored (so that "down" is said as soon
 * as the results that say it arrive), and on a timer for what time alone changes (a result growing
 * stale, a probe falling silent, a maintenance window opening or closing). Each decision is written
 * with the events it causes in one transaction; two deciders (threads, or API replicas) that decide
 * about the same check at once cannot both write: the second decides again on what the first wrote.
 */
public final class OutageService {
    private static final int ATTEMPTS = 5;
    private static final Duration BASELINE_TTL = Duration.ofMinutes(1);

    private final Logger logger = LoggerFactory.getLogger(OutageService.class);
    private final OutageStore store;
    private final Supplier<List<Probe>> probes;
    private final BiPredicate<String, Instant> inMaintenance;
    private final Announcer announcer;
    private final Runnable afterEvents;
    private final Confirmer confirmer;
    private final Decider decider;
    private final Clock clock;
    private final Duration baselineWindow;
    private final int baselineMinRuns;
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private final Map<String, CachedBaseline> baselines = new ConcurrentHashMap<>();
    /** Per check: 0 when no decision after results runs, else how often one was asked for since it began. */
    private final Map<String, AtomicInteger> asks = new ConcurrentHashMap<>();
    /** Runs the decisions owed to results that arrived during one (a daemon: the timer covers a stop). */
    private final java.util.concurrent.Executor followUps = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "outage-follow-up");
                t.setDaemon(true);
                return t;
            });

    /**
     * @param resultGrace     how long past its check's rhythm a result still votes
     * @param baselineWindow  the latency history of a baseline
     * @param baselineMinRuns the passed runs a baseline needs
     */
    public record Options(Duration resultGrace, Duration baselineWindow, int baselineMinRuns, Clock clock) {}

    /**
     * @param inMaintenance whether a check is inside a maintenance window at a time
     * @param afterEvents   run after events were written (wakes the sender)
     */
    public OutageService(OutageStore store, Supplier<List<Probe>> probes, BiPredicate<String, Instant> inMaintenance,
            Announcer announcer, Runnable afterEvents, Options options) {
        this(store, probes, inMaintenance, announcer, afterEvents, Confirmer.NONE, options);
    }

    /** @param confirmer asks other regions to confirm a region's failure or recovery at once */
    public OutageService(OutageStore store, Supplier<List<Probe>> probes, BiPredicate<String, Instant> inMaintenance,
            Announcer announcer, Runnable afterEvents, Confirmer confirmer, Options options) {
        this.confirmer = confirmer;
        this.store = store;
        this.probes = probes;
        this.inMaintenance = inMaintenance;
        this.announcer = announcer;
        this.afterEvents = afterEvents;
        this.decider = new Decider(options.resultGrace());
        this.clock = options.clock();
        this.baselineWindow = options.baselineWindow();
        this.baselineMinRuns = options.baselineMinRuns();
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Decides about the checks whose results were just stored. Never throws: the results are
     * stored whatever happens here, and the timer decides again.
     *
     * <p>One decision about a check runs at a time, and results arriving meanwhile do not wait
     * for it nor queue a decision each: the decision running when they arrive is followed by one
     * more, which sees them, on a background thread that takes the checks owed one in turn. When
     * no decision runs, the caller decides before it returns. Under many
     * probes posting for one check, the decisions then keep pace with the results instead of each
     * batch waiting for every decision before it.
     */
    public void resultsStored(Collection<String> checks) {
        for (String check : new TreeSet<>(checks)) {
            AtomicInteger asked = asks.computeIfAbsent(check, k -> new AtomicInteger());
            if (asked.getAndIncrement() != 0) {
                continue; // a decision runs; the one after it sees these results
            }
            decideOwed(check, asked);
        }
    }

    /**
     * Decides once; when results arrived during the decision, queues the next one behind the
     * other checks' follow-ups, so that a check that keeps receiving results cannot hold the
     * background thread while another check waits.
     */
    private void decideOwed(String check, AtomicInteger asked) {
        int seen = asked.get();
        decideAfterResults(check);
        if (!asked.compareAndSet(seen, 0)) {
            followUps.execute(() -> decideOwed(check, asked));
        }
    }

    private void decideAfterResults(String check) {
        try {
            decide(check);
        } catch (StoreException e) {
            logger.atWarn().addKeyValue("check", check).addKeyValue("error", e.getMessage())
                    .log("deciding after new results failed on the database; the periodic job decides again");
        } catch (RuntimeException e) {
            logger.atError().addKeyValue("check", check).setCause(e).log("deciding after new results failed");
        }
    }

    /** Decides about every check: the periodic job's work. */
    public void decideAll() {
        for (String check : store.checkNames()) {
            try {
                decide(check);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                logger.atError().addKeyValue("check", check).setCause(e).log("deciding about a check failed");
            }
        }
    }

    /** Decides about one check now, writes what changed, and returns the decision (empty: the check is gone). */
    public Optional<Decision> decide(String check) {
        ReentrantLock lock = stripes[Math.floorMod(check.hashCode(), stripes.length)];
        lock.lock();
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Instant now = clock.instant();
                Optional<Subject> subject = store.subject(check);
                if (subject.isEmpty()) {
                    store.forget(check, now);
                    return Optional.empty();
                }
                List<Voter> voters = probes.get().stream()
                        .map(p -> new Voter(p.name(), p.region(), p.status().alive())).toList();
                Previous previous = store.previous(check, now);
                boolean maintenance = inMaintenance.test(check, now);
                // out of a window, a run taken inside one says nothing: the window's end is decided
                // from the runs after it
                List<Vote> votes = maintenance ? store.votes(check) : store.votes(check).stream()
                        .filter(v -> !inMaintenance.test(check, v.startedAt())).toList();
                boolean confirming = confirmer.confirming(subject.get(), voters, votes, previous, maintenance, now);
                Decision decision = decider.decide(subject.get(), voters, votes, previous, maintenance, confirming,
                        history(subject.get(), voters, previous), now);
                if (!decision.changed()) {
                    return Optional.of(decision);
                }
                List<OutboundEvent> events = announcer.about(decision, now);
                if (store.apply(decision, events, now)) {
                    log(decision, previous);
                    if (!events.isEmpty()) {
                        afterEvents.run();
                    }
                    return Optional.of(decision);
                }
                logger.atDebug().addKeyValue("check", check).addKeyValue("attempt", attempt)
                        .log("another decision about the check came first; deciding again");
            }
            throw new StoreException("the decision about check '" + check + "' kept colliding with others", null);
        } finally {
            lock.unlock();
        }
    }

    private void log(Decision decision, Previous previous) {
        if (decision.check().state() != previous.check().state()) {
            logger.atInfo().addKeyValue("check", decision.check().check())
                    .addKeyValue("from", previous.check().state()).addKeyValue("to", decision.check().state())
                    .log("check state changed");
        }
        for (Decision.Announcement a : decision.announcements()) {
            var event = a.type() == org.glassprobe.api.notify.EventType.OUTAGE_OPENED ? logger.atWarn() : logger.atInfo();
            event.addKeyValue("check", a.incident().check()).addKeyValue("event", a.type().wireName())
                    .addKeyValue("incident", a.incident().id()).addKeyValue("regions", String.join(",", a.regions()))
                    .log("check event");
        }
    }

    /**
     * A check's history as the decision asks for it: only the results of the probes that vote now.
     * While a region is degraded, its baseline is frozen: taken from the hours that ended before its
     * trouble began (the slow runs that made it degraded included), so that a sustained slowdown
     * does not become the baseline it is measured against.
     */
    private RegionHistory history(Subject subject, List<Voter> voters, Previous previous) {
        String check = subject.check();
        // the trouble of each slow region (the check's degradation or a regional slowdown) began
        // its runs before the incident that holds it opened
        Duration lead = subject.interval().multipliedBy(subject.policy().degraded().runs() + 1L);
        Map<String, Instant> troubleBegan = new java.util.HashMap<>();
        for (IncidentKind kind : List.of(IncidentKind.DEGRADED, IncidentKind.REGIONAL_DEGRADED)) {
            IncidentRecord slow = previous.open().get(kind);
            if (slow != null) {
                slow.regions().forEach(r -> troubleBegan.merge(r, slow.openedAt().minus(lead),
                        (a, b) -> a.isBefore(b) ? a : b));
            }
        }
        Map<String, Set<String>> live = voters.stream().filter(Voter::alive).collect(Collectors.groupingBy(
                Voter::region, Collectors.mapping(Voter::probe, Collectors.toCollection(TreeSet::new))));
        return new RegionHistory() {
            @Override
            public int failuresSince(String region, Instant since) {
                return store.failuresSince(check, region, live.getOrDefault(region, Set.of()), since);
            }

            @Override
            public Runs runsBetween(String region, Instant since, Instant until) {
                return store.runsBetween(check, region, live.getOrDefault(region, Set.of()), since, until);
            }

            @Override
            public List<IncidentErrors.Seen> errorsBetween(String region, Instant since, Instant until) {
                return store.errorsBetween(check, List.of(region), since, until);
            }

            @Override
            public List<Boolean> lastOutcomes(String region, int n) {
                return store.lastOutcomes(check, region, live.getOrDefault(region, Set.of()), n);
            }

            @Override
            public List<Double> lastPassedDurations(String region, int n) {
                return store.lastPassedDurations(check, region, live.getOrDefault(region, Set.of()), n);
            }

            @Override
            public List<PassedRun> lastPassedRuns(String region, int n) {
                return store.lastPassedRuns(check, region, live.getOrDefault(region, Set.of()), n);
            }

            @Override
            public OptionalDouble baseline(String region, int percentile) {
                return OutageService.this.baseline(check, region, percentile, troubleBegan.get(region));
            }
        };
    }

    private record CachedBaseline(OptionalDouble value, Instant at) {}

    /**
     * The percentile of the region's passed runs over the baseline window, from hour roll-ups; with
     * {@code before}, the window ends there: hour roll-ups of the hours before it and minute
     * roll-ups of its own hour up to its minute (without enough runs there, the usual window).
     * Cached a minute once there is one.
     */
    OptionalDouble baseline(String check, String region, int percentile, Instant before) {
        Instant now = clock.instant();
        Instant until = before == null ? null : before.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String key = check + '\0' + region + '\0' + percentile + '\0' + until;
        CachedBaseline cached = baselines.get(key);
        if (cached != null && cached.at().plus(BASELINE_TTL).isAfter(now) && !cached.at().isAfter(now)) {
            return cached.value();
        }
        LatencyHistogram merged = new LatencyHistogram();
        if (until != null) {
            Instant hour = until.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            store.hourHistograms(check, region, until.minus(baselineWindow), hour).forEach(merged::merge);
            store.minuteHistograms(check, region, hour, until).forEach(merged::merge);
        }
        if (merged.count() < baselineMinRuns) {
            merged = new LatencyHistogram();
            store.hourHistograms(check, region, now.minus(baselineWindow), null).forEach(merged::merge);
        }
        OptionalDouble value = merged.count() >= baselineMinRuns
                ? OptionalDouble.of(merged.quantile(percentile / 100.0)) : OptionalDouble.empty();
        if (value.isPresent()) {
            // "not enough history yet" is not kept: a young check gets its baseline as soon as its
            // runs are rolled up, not up to a minute later (the check would not be judged meanwhile)
            baselines.put(key, new CachedBaseline(value, now));
        }
        return value;
    }

}
