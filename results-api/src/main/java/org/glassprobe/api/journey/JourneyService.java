package org.glassprobe.api.journey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journeys as readers and people ask for them: the newest object of a check, waited for by a
 * bounded number of readers at once (each looks in the database every {@link Options#pollEvery},
 * so it works with several API replicas on one database, and holds no HTTP thread while it
 * waits), and the propagation per reading region over a period.
 */
public final class JourneyService implements AutoCloseable {
    /** The longest a reader may wait for a newer object. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(25);
    /** The most points per region in a propagation's series (the newest are kept). */
    public static final int MAX_SERIES = 2000;
    private static final long HOUR = 3_600_000;

    private final Logger logger = LoggerFactory.getLogger(JourneyService.class);
    private final JourneyStore store;
    private final Clock clock;
    private final Options options;
    private final Semaphore waiters;
    private final ScheduledExecutorService ticks;

    /**
     * @param rawRetention how long raw results (and reads) are kept: older periods come from hour roll-ups
     * @param maxWaiters   how many readers may wait at once; beyond it a reader is answered at once
     * @param pollEvery    how often a waiting reader's check looks for a newer object
     */
    public record Options(Duration rawRetention, int maxWaiters, Duration pollEvery, Clock clock) {}

    public JourneyService(JourneyStore store, Options options) {
        this.store = store;
        this.clock = options.clock();
        this.options = options;
        this.waiters = new Semaphore(options.maxWaiters());
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journey-waiters");
            t.setDaemon(true);
            return t;
        });
    }

    /** What a reader is answered: the newest object, and the sha256 of the one before it. */
    public record Newest(Optional<JourneyObject> object, String previousSha256) {
        static final Newest NONE = new Newest(Optional.empty(), null);

        static Newest of(Optional<JourneyStore.Newest> stored) {
            return stored.map(n -> new Newest(Optional.of(n.object()), n.previousSha256())).orElse(NONE);
        }

        /** Whether the object is of this round or a later one. */
        boolean reaches(Instant round) {
            return object.isPresent() && !object.get().round().isBefore(round);
        }
    }

    /** The check's newest object now. */
    public Newest newest(String check) {
        return Newest.of(store.newest(check));
    }

    /**
     * The check's newest object once it is of {@code round} or later, or when {@code wait} has passed,
     * whichever comes first; at once when {@code round} is null, the wait is zero, or
     * {@link Options#maxWaiters} readers wait already.
     */
    public CompletableFuture<Newest> newest(String check, Instant round, Duration wait) {
        Newest now = newest(check);
        if (round == null || wait.isZero() || now.reaches(round)) {
            return CompletableFuture.completedFuture(now);
        }
        if (!waiters.tryAcquire()) {
            logger.atWarn().addKeyValue("check", check).addKeyValue("waiters", options.maxWaiters())
                    .log("too many readers wait for journey objects; this one is answered at once");
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Newest> answer = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                waiters.release();
            }
        };
        answer.whenComplete((n, e) -> release.run()); // a reader gone (cancelled) frees its place too
        long deadline = System.nanoTime() + wait.toNanos();
        look(answer, release, check, round, deadline);
        return answer;
    }

    /** Looks again after the poll interval; the place is freed before the answer goes, so a count read after it is exact. */
    private void look(CompletableFuture<Newest> answer, Runnable release, String check, Instant round, long deadline) {
        long left = deadline - System.nanoTime();
        long delay = Math.max(0, Math.min(left, options.pollEvery().toNanos()));
        try {
            ticks.schedule(() -> {
                if (answer.isDone()) {
                    return; // the reader is gone
                }
                try {
                    Newest now = newest(check);
                    if (now.reaches(round) || System.nanoTime() - deadline >= 0) {
                        release.run();
                        answer.complete(now);
                    } else {
                        look(answer, release, check, round, deadline);
                    }
                } catch (RuntimeException e) {
                    release.run();
                    answer.completeExceptionally(e);
                }
            }, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            release.run();
            answer.completeExceptionally(closed);
        }
    }

    /** How many readers wait now. */
    public int waiting() {
        return options.maxWaiters() - waiters.availablePermits();
    }

    /**
     * The propagation per reading region of reads whose round is in [from, to): raw reads within the
     * raw retention (and older ones not rolled up yet), hour roll-ups before it, whole hours.
     */
    public Propagation propagation(String check, Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long rawFrom = ceil(clock.millis() - options.rawRetention().toMillis(), HOUR);
        List<JourneyRead> raw = new ArrayList<>();
        List<JourneyStore.HourRow> hours = List.of();
        if (f < rawFrom) {
            raw.addAll(store.unrolledReads(check, f, Math.min(t, rawFrom)));
            hours = store.hours(check, Math.floorDiv(f, HOUR) * HOUR, Math.min(t, rawFrom));
        }
        if (t > rawFrom) {
            raw.addAll(store.reads(check, Math.max(f, rawFrom), t));
        }
        raw.sort(Comparator.comparing(JourneyRead::round).thenComparing(JourneyRead::startedAt));
        Map<String, List<JourneyRead>> readsByRegion = new TreeMap<>();
        raw.forEach(r -> readsByRegion.computeIfAbsent(r.region(), k -> new ArrayList<>()).add(r));
        Map<String, List<JourneyStore.HourRow>> hoursByRegion = new TreeMap<>();
        hours.forEach(h -> hoursByRegion.computeIfAbsent(h.region(), k -> new ArrayList<>()).add(h));
        java.util.Set<String> regions = new java.util.TreeSet<>(readsByRegion.keySet());
        regions.addAll(hoursByRegion.keySet());
        List<Propagation.RegionPropagation> out = new ArrayList<>();
        for (String region : regions) {
            out.add(region(region, readsByRegion.getOrDefault(region, List.of()),
                    hoursByRegion.getOrDefault(region, List.of())));
        }
        return new Propagation(check, from, to, out);
    }

    private static Propagation.RegionPropagation region(String region, List<JourneyRead> reads, List<JourneyStore.HourRow> hours) {
        long count = 0;
        long notInTime = 0;
        long upper = 0;
        Double max = null;
        List<Double> values = new ArrayList<>();
        List<Propagation.ReadPoint> series = new ArrayList<>();
        for (JourneyRead r : reads) {
            notInTime += r.ok() ? 0 : 1;
            upper += r.upperBound() ? 1 : 0;
            if (r.propagationMs() != null) {
                count++;
                values.add(r.propagationMs());
                max = max == null ? r.propagationMs() : Math.max(max, r.propagationMs());
            }
            series.add(new Propagation.ReadPoint(r.round(), r.objectId().toString(), r.writerRegion(), r.probe(),
                    r.propagationMs(), r.upperBound(), r.ok(), r.reads(), r.failuresBefore()));
        }
        long readCount = reads.size();
        LatencyHistogram merged = null;
        List<Propagation.HourFigures> hourPoints = new ArrayList<>();
        for (JourneyStore.HourRow h : hours) {
            readCount += h.reads();
            count += h.measured();
            notInTime += h.notInTime();
            upper += h.upperBounds();
            if (h.maxMs() != null) {
                max = max == null ? h.maxMs() : Math.max(max, h.maxMs());
            }
            LatencyHistogram hist = LatencyHistogram.decode(h.histogram());
            if (hist.count() > 0) {
                merged = merged == null ? new LatencyHistogram() : merged;
                merged.merge(hist);
            }
            hourPoints.add(new Propagation.HourFigures(Instant.ofEpochMilli(h.bucketStart()), h.reads(), h.measured(),
                    h.notInTime(), quantile(hist, 0.5), quantile(hist, 0.95), h.maxMs()));
        }
        Double p50;
        Double p95;
        if (merged == null) { // raw values only: exact, by nearest rank
            values.sort(Double::compare);
            p50 = nearestRank(values, 0.5);
            p95 = nearestRank(values, 0.95);
        } else {
            values.forEach(merged::add);
            p50 = quantile(merged, 0.5);
            p95 = quantile(merged, 0.95);
        }
        boolean truncated = series.size() > MAX_SERIES;
        if (truncated) {
            series = series.subList(series.size() - MAX_SERIES, series.size());
        }
        return new Propagation.RegionPropagation(region, readCount, count, notInTime, upper, p50, p95, max, series, truncated,
                hourPoints);
    }

    static Double nearestRank(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.max(1, Math.ceil(q * sorted.size()));
        return sorted.get(rank - 1);
    }

    private static Double quantile(LatencyHistogram h, double q) {
        return h.count() == 0 ? null : h.quantile(q);
    }

    private static long ceil(long v, long unit) {
        return Math.floorDiv(v + unit - 1, unit) * unit;
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
