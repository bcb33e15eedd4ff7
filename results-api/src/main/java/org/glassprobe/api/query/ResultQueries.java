package org.glassprobe.api.query;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.glassprobe.api.rollup.Phase;

/** What the result queries read: pages of raw results and the sources of summaries and counts. */
public interface ResultQueries {
    /**
     * A page of a check's raw results, newest first, started in [fromMs, toMs), optionally of one
     * region, after the cursor (the last page's final startedAt and seq), at most {@code limit}.
     */
    List<StoredResult> page(String check, long fromMs, long toMs, String region, long[] cursor, int limit);

    /**
     * The data of a summary of one check, read in one snapshot: hour rows with bucket_start in
     * [hourFrom, hourTo), minute rows in each of the minute ranges, and the results not yet rolled
     * up that started in [pendingFrom, pendingTo).
     */
    default SummarySource summarySource(String check, long hourFrom, long hourTo, List<long[]> minuteRanges,
            long pendingFrom, long pendingTo) {
        return summarySource(check, new Span(List.of(), List.<long[]>of(new long[] {hourFrom, hourTo}), minuteRanges,
                pendingFrom, pendingTo));
    }

    /** The data of a summary of one check over a {@link Span}, read in one snapshot. */
    default SummarySource summarySource(String check, Span span) {
        return summarySource(check, span, EnumSet.allOf(Phase.class));
    }

    /**
     * As {@link #summarySource(String, Span)}, with the roll-up rows' histograms of only these
     * phases: what a reader needs of them is all it pays to read and decode.
     */
    SummarySource summarySource(String check, Span span, Set<Phase> histograms);

    /**
     * Runs and failures per check (every check, or only {@code check} when not null) and region,
     * from the same three sources as
     * {@link #summarySource} (hour rows in [hourFrom, hourTo), minute rows in each minute range,
     * results not rolled up in [pendingFrom, pendingTo)) but summed in the database and without
     * latency histograms, read in one snapshot. With {@code bucketMs} above 0 the sums are per
     * bucket of that width since the epoch (it must divide a day); with 0, over the whole range.
     */
    default List<CountRow> counts(String check, long hourFrom, long hourTo, List<long[]> minuteRanges,
            long pendingFrom, long pendingTo, long bucketMs) {
        return counts(check, new Span(List.of(), List.<long[]>of(new long[] {hourFrom, hourTo}), minuteRanges,
                pendingFrom, pendingTo), bucketMs);
    }

    /** Runs and failures per check and region over a {@link Span}, as {@link #counts(String, long, long, List, long, long, long)}. */
    default List<CountRow> counts(String check, Span span, long bucketMs) {
        return counts(check, List.of(new CountQuery(span, bucketMs))).get(0);
    }

    /**
     * The rows of several {@link #counts(String, Span, long)} at once, in the queries' order, read in
     * one snapshot: what a page that shows several periods asks, in one statement rather than one
     * for each range of each table of each period.
     */
    List<List<CountRow>> counts(String check, List<CountQuery> queries);

    /** One sum of runs and failures: over a span, per bucket of {@code bucketMs} (0: over the whole span). */
    record CountQuery(Span span, long bucketMs) {}

    /**
     * Which rows hold a stretch of time, each result exactly once: day rows with bucket_start in
     * each day range, hour rows in each hour range, minute rows in each minute range, and the results
     * not rolled up yet that started in [pendingFrom, pendingTo). An empty range ([a, b) with a ≥ b)
     * reads nothing.
     */
    record Span(List<long[]> days, List<long[]> hours, List<long[]> minutes, long pendingFrom, long pendingTo) {
        public Span {
            days = List.copyOf(days);
            hours = List.copyOf(hours);
            minutes = List.copyOf(minutes);
        }
    }
}
