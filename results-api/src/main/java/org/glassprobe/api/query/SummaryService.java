package org.glassprobe.api.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.glassprobe.api.rollup.Bucket;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Sample;

/**
 * Summaries of a check over a period, from the coarsest data that answers exactly: hour roll-ups
 * for the whole hours, minute roll-ups for the partial hours at the edges, and the raw results not
 * rolled up yet. Each result is in exactly one of those, so counts are exact and percentiles carry
 * only the histograms' bounded error ({@link LatencyHistogram#RELATIVE_ERROR}).
 *
 * <p>The window ends now and starts at the minute at or before now − period; where that is older
 * than the minute roll-ups are kept, at the hour at or before it.
 */
public final class SummaryService {
    public static final Map<String, Duration> PERIODS = periods();
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;

    private final ResultQueries results;
    private final Clock clock;
    private final Duration minuteRetention;

    public SummaryService(ResultQueries results, Clock clock, Duration minuteRetention) {
        this.results = results;
        this.clock = clock;
        this.minuteRetention = minuteRetention;
    }

    private static Map<String, Duration> periods() {
        Map<String, Duration> p = new LinkedHashMap<>();
        p.put("1h", Duration.ofHours(1));
        p.put("24h", Duration.ofHours(24));
        p.put("7d", Duration.ofDays(7));
        p.put("30d", Duration.ofDays(30));
        p.put("90d", Duration.ofDays(90));
        return java.util.Collections.unmodifiableMap(p);
    }

    /**
     * The rows a summary of a period ending at {@code to} reads: from {@code start} (the minute, or
     * the hour, at or before to − period) to {@code to}, as whole UTC days, the whole hours at the
     * days' edges, the minutes at the hours' edges and the results not rolled up yet.
     */
    record Window(long start, long to, ResultQueries.Span span) {}

    private Window window(Duration period, long to) {
        long from = to - period.toMillis();
        long minuteHorizon = to - minuteRetention.toMillis() + MINUTE;
        long start = from >= minuteHorizon ? Math.floorDiv(from, MINUTE) * MINUTE : Math.floorDiv(from, HOUR) * HOUR;
        return new Window(start, to, span(start, to));
    }

    /**
     * [start, to) in the coarsest rows that hold it exactly: day rows for the whole UTC days, hour
     * rows for the whole hours outside them, minute rows for the rest, and the results not rolled up.
     */
    static ResultQueries.Span span(long start, long to) {
        long hourStart = ceil(start, HOUR);
        long hourEnd = Math.floorDiv(to, HOUR) * HOUR;
        if (hourStart >= hourEnd) {
            return new ResultQueries.Span(List.of(), List.of(), List.<long[]>of(new long[] {start, to}), start, to);
        }
        List<long[]> minutes = List.of(new long[] {start, hourStart}, new long[] {hourEnd, to});
        long dayStart = ceil(hourStart, DAY);
        long dayEnd = Math.floorDiv(hourEnd, DAY) * DAY;
        if (dayStart > dayEnd) { // within one day
            return new ResultQueries.Span(List.of(), List.<long[]>of(new long[] {hourStart, hourEnd}), minutes, start,
                    to);
        }
        return new ResultQueries.Span(List.<long[]>of(new long[] {dayStart, dayEnd}),
                List.of(new long[] {hourStart, dayStart}, new long[] {dayEnd, hourEnd}), minutes, start, to);
    }

    public Summary summarize(String check, String periodName, Duration period) {
        Window w = window(period, clock.millis());
        long start = w.start();
        long to = w.to();
        SummarySource source = results.summarySource(check, w.span());
        Map<String, Bucket> byRegion = new TreeMap<>();
        for (SummarySource.RollupRow row : source.days()) {
            byRegion.computeIfAbsent(row.region(), r -> new Bucket())
                    .merge(row.runs(), row.failures(), row.errorKinds(), row.histograms());
        }
        for (SummarySource.RollupRow row : source.hours()) {
            byRegion.computeIfAbsent(row.region(), r -> new Bucket())
                    .merge(row.runs(), row.failures(), row.errorKinds(), row.histograms());
        }
        for (SummarySource.RollupRow row : source.minutes()) {
            byRegion.computeIfAbsent(row.region(), r -> new Bucket())
                    .merge(row.runs(), row.failures(), row.errorKinds(), row.histograms());
        }
        for (Sample sample : source.pending()) {
            byRegion.computeIfAbsent(sample.region(), r -> new Bucket()).add(sample);
        }
        Bucket overall = new Bucket();
        Map<String, Summary.Figures> regions = new LinkedHashMap<>();
        byRegion.forEach((region, bucket) -> {
            overall.merge(bucket);
            regions.put(region, figures(bucket));
        });
        Summary.Sources sources = new Summary.Sources(source.days().size(), source.hours().size(),
                source.minutes().size(), source.pending().size());
        return new Summary(check, periodName, Instant.ofEpochMilli(start), Instant.ofEpochMilli(to), figures(overall),
                regions, sources);
    }

    /** The steps a series may have, by name. */
    public static final Map<String, Duration> STEPS = steps();
    /** The most buckets one series may have. */
    public static final int MAX_POINTS = 1500;

    private static Map<String, Duration> steps() {
        Map<String, Duration> p = new LinkedHashMap<>();
        p.put("1m", Duration.ofMinutes(1));
        p.put("5m", Duration.ofMinutes(5));
        p.put("15m", Duration.ofMinutes(15));
        p.put("1h", Duration.ofHours(1));
        p.put("6h", Duration.ofHours(6));
        p.put("1d", Duration.ofDays(1));
        return java.util.Collections.unmodifiableMap(p);
    }

    /**
     * The check in buckets of {@code step} (aligned to multiples of the step since the epoch, UTC
     * days for 1d) from the bucket holding now − period to the one holding now. Steps under an hour
     * are read from minute roll-ups, so the period must be within their retention.
     *
     * @throws IllegalArgumentException when the series would have more than {@link #MAX_POINTS}
     *                                  buckets, or needs minute roll-ups that are no longer kept
     */
    public Series series(String check, String periodName, Duration period, String stepName, Duration step) {
        long to = clock.millis();
        long width = step.toMillis();
        long start = Math.floorDiv(to - period.toMillis(), width) * width;
        long points = (to - start + width - 1) / width;
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("a " + periodName + " series in steps of " + stepName + " has " + points
                    + " points; at most " + MAX_POINTS + ": choose a longer step");
        }
        if (width < HOUR && start < to - minuteRetention.toMillis() + MINUTE) {
            throw new IllegalArgumentException("steps under an hour come from minute roll-ups, kept for "
                    + org.glassprobe.api.config.Values.format(minuteRetention) + ": choose a shorter period or a"
                    + " step of 1h or more");
        }
        // whole hours from hour rows for steps of an hour or more, every minute from minute rows under
        long hourEnd = width >= HOUR ? Math.floorDiv(to, HOUR) * HOUR : start;
        // a point's latency is its total's percentiles: the phases' histograms are neither read nor decoded
        SummarySource source = results.summarySource(check, new ResultQueries.Span(List.of(),
                List.<long[]>of(new long[] {start, hourEnd}), List.<long[]>of(new long[] {hourEnd, to}), start, to),
                EnumSet.of(Phase.TOTAL));
        int n = (int) points;
        Map<String, Bucket[]> byRegion = new TreeMap<>();
        java.util.function.BiFunction<String, Long, Bucket> bucket = (region, time) -> {
            Bucket[] row = byRegion.computeIfAbsent(region, r -> new Bucket[n]);
            int i = (int) Math.min(n - 1, Math.max(0, Math.floorDiv(time - start, width)));
            if (row[i] == null) {
                row[i] = new Bucket();
            }
            return row[i];
        };
        for (SummarySource.RollupRow row : source.hours()) {
            bucket.apply(row.region(), row.bucketStart()).merge(row.runs(), row.failures(), row.errorKinds(),
                    row.histograms());
        }
        for (SummarySource.RollupRow row : source.minutes()) {
            bucket.apply(row.region(), row.bucketStart()).merge(row.runs(), row.failures(), row.errorKinds(),
                    row.histograms());
        }
        for (Sample sample : source.pending()) {
            bucket.apply(sample.region(), sample.startedAtMs()).add(sample);
        }
        Bucket[] overall = new Bucket[n];
        Map<String, List<Series.Point>> regions = new LinkedHashMap<>();
        byRegion.forEach((region, row) -> {
            for (int i = 0; i < n; i++) {
                if (row[i] != null) {
                    if (overall[i] == null) {
                        overall[i] = new Bucket();
                    }
                    overall[i].merge(row[i]);
                }
            }
            regions.put(region, points(row, start, width));
        });
        return new Series(check, periodName, stepName, Instant.ofEpochMilli(start), Instant.ofEpochMilli(to),
                points(overall, start, width), regions);
    }

    private static List<Series.Point> points(Bucket[] row, long start, long width) {
        List<Series.Point> points = new ArrayList<>(row.length);
        for (int i = 0; i < row.length; i++) {
            Bucket b = row[i] == null ? new Bucket() : row[i];
            LatencyHistogram total = b.latency(Phase.TOTAL);
            boolean any = total.count() > 0;
            points.add(new Series.Point(Instant.ofEpochMilli(start + i * width), b.runs(), b.failures(),
                    uptimePercent(b.runs(), b.failures()), any ? total.quantile(0.50) : null,
                    any ? total.quantile(0.95) : null, any ? total.quantile(0.99) : null));
        }
        return points;
    }

    /**
     * Runs and failures over the period ending at {@code to}, by check and region, of every check
     * ({@code check} null) or one, read from exactly the rows {@link #summarize} reads but without
     * their latency histograms: the uptime of many checks at once, equal to each check's summary
     * at that moment.
     */
    public Map<String, Map<String, Counts>> counts(String check, Duration period, long to) {
        return byCheck(results.counts(check, List.of(periodQuery(period, to))).get(0));
    }

    /**
     * Runs and failures of every check ({@code check} null) or one, by check, region and UTC day,
     * from the day holding
     * {@code to − period} to the day holding {@code to}: the buckets of {@link #series} with a step
     * of 1d, without their latency histograms. Days without runs are absent.
     *
     * @return by check, region and the day's start (epoch ms)
     */
    public Map<String, Map<String, Map<Long, Counts>>> dailyCounts(String check, Duration period, long to) {
        return byDay(results.counts(check, List.of(dailyQuery(period, to))).get(0));
    }

    /**
     * What the uptime page sums: {@link #counts} over each period and {@link #dailyCounts} over
     * {@code days}, all ending at {@code to}, read together in one statement.
     *
     * @param periods by name, as the answer has them
     */
    public Uptime uptime(String check, Map<String, Duration> periods, Duration days, long to) {
        List<ResultQueries.CountQuery> queries = new ArrayList<>();
        periods.values().forEach(period -> queries.add(periodQuery(period, to)));
        queries.add(dailyQuery(days, to));
        List<List<CountRow>> rows = results.counts(check, queries);
        Map<String, Map<String, Map<String, Counts>>> byPeriod = new LinkedHashMap<>();
        int i = 0;
        for (String name : periods.keySet()) {
            byPeriod.put(name, byCheck(rows.get(i++)));
        }
        return new Uptime(byPeriod, byDay(rows.get(i)));
    }

    /**
     * Runs and failures by period name, check and region, and by check, region and UTC day.
     *
     * @param byPeriod as {@link #counts} gives each period
     * @param daily    as {@link #dailyCounts} gives them
     */
    public record Uptime(Map<String, Map<String, Map<String, Counts>>> byPeriod,
            Map<String, Map<String, Map<Long, Counts>>> daily) {}

    private ResultQueries.CountQuery periodQuery(Duration period, long to) {
        return new ResultQueries.CountQuery(window(period, to).span(), 0);
    }

    /** From the day holding to − period to now: closed days from day rows, today from hour, minute and raw rows. */
    private static ResultQueries.CountQuery dailyQuery(Duration period, long to) {
        long day = STEPS.get("1d").toMillis();
        long start = Math.floorDiv(to - period.toMillis(), day) * day;
        long hourEnd = Math.floorDiv(to, HOUR) * HOUR;
        long today = Math.floorDiv(to, DAY) * DAY;
        return new ResultQueries.CountQuery(new ResultQueries.Span(List.<long[]>of(new long[] {start, today}),
                List.<long[]>of(new long[] {today, hourEnd}), List.<long[]>of(new long[] {hourEnd, to}), start, to),
                day);
    }

    private static Map<String, Map<String, Counts>> byCheck(List<CountRow> rows) {
        Map<String, Map<String, Counts>> byCheck = new TreeMap<>();
        for (CountRow row : rows) {
            byCheck.computeIfAbsent(row.check(), c -> new TreeMap<>())
                    .merge(row.region(), new Counts(row.runs(), row.failures()), Counts::plus);
        }
        return byCheck;
    }

    private static Map<String, Map<String, Map<Long, Counts>>> byDay(List<CountRow> rows) {
        Map<String, Map<String, Map<Long, Counts>>> byCheck = new TreeMap<>();
        for (CountRow row : rows) {
            byCheck.computeIfAbsent(row.check(), c -> new TreeMap<>()).computeIfAbsent(row.region(), r -> new TreeMap<>())
                    .merge(row.bucketStart(), new Counts(row.runs(), row.failures()), Counts::plus);
        }
        return byCheck;
    }

    /** passed runs / runs × 100 to three decimals, as every summary and series reports it; null without runs. */
    public static Double uptimePercent(long runs, long failures) {
        return runs == 0 ? null : Math.round((runs - failures) * 100_000.0 / runs) / 1000.0;
    }

    static Summary.Figures figures(Bucket b) {
        Double uptime = uptimePercent(b.runs(), b.failures());
        Map<String, Summary.Percentiles> latency = null;
        if (b.latency(Phase.TOTAL).count() > 0) {
            latency = new LinkedHashMap<>();
            for (Phase p : Phase.values()) {
                LatencyHistogram h = b.latency(p);
                latency.put(p.wireName(), new Summary.Percentiles(h.quantile(0.50), h.quantile(0.95),
                        h.quantile(0.99)));
            }
        }
        return new Summary.Figures(b.runs(), b.failures(), uptime, b.errorKinds(), latency);
    }

    private static long ceil(long value, long unit) {
        return Math.floorDiv(value + unit - 1, unit) * unit;
    }
}
