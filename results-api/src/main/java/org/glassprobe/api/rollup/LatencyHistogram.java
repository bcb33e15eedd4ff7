package org.glassprobe.api.rollup;

import java.util.Arrays;

/**
 * A mergeable latency histogram with fixed logarithmic buckets, so that percentiles read from
 * roll-ups stay within a known relative error of the percentiles of the raw values.
 *
 * <p>Bucket {@code i} holds the values in {@code (γ^(i-1), γ^i]} milliseconds with
 * {@code γ = (1 + α) / (1 − α)} and {@code α = 1 %}; a bucket is reported by
 * {@code 2γ^i / (γ + 1)}, which is within α of every value in it. Percentiles are taken by
 * nearest rank, and bucketing keeps order, so the reported p-th percentile is within α = 1 % of the
 * p-th percentile (nearest rank) of the raw values that went in. Values of 0 (a phase that did not
 * happen) and below {@value #ZERO_BELOW_MS} ms are counted exactly as 0; values above 10 minutes
 * (the longest check timeout) count as 10 minutes. Merging adds counts, so any number of minutes
 * or hours can be merged with no further loss.
 *
 * <p>Stored as text: {@code zeroCount;index:count,index:count,...} with ascending indexes.
 */
public final class LatencyHistogram {
    /** The relative accuracy of every percentile read from a histogram. */
    public static final double RELATIVE_ERROR = 0.01;
    static final double ZERO_BELOW_MS = 0.0005;
    static final double MAX_MS = 600_000;
    private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final int MIN_INDEX = index(ZERO_BELOW_MS);
    private static final int MAX_INDEX = index(MAX_MS);

    private long zero;
    private final long[] counts = new long[MAX_INDEX - MIN_INDEX + 1];
    private long total;

    public LatencyHistogram() {}

    private static int index(double ms) {
        return (int) Math.ceil(Math.log(ms) / LOG_GAMMA);
    }

    public void add(double ms) {
        add(ms, 1);
    }

    public void add(double ms, long count) {
        if (!(ms >= ZERO_BELOW_MS)) { // also NaN
            zero += count;
        } else {
            int i = Math.min(MAX_INDEX, Math.max(MIN_INDEX, index(Math.min(ms, MAX_MS))));
            counts[i - MIN_INDEX] += count;
        }
        total += count;
    }

    public void merge(LatencyHistogram other) {
        zero += other.zero;
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** Adds a stored histogram's counts without building an object for it. */
    public void merge(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        int semi = encoded.indexOf(';');
        long z = Long.parseLong(encoded, 0, semi, 10);
        zero += z;
        total += z;
        int pos = semi + 1;
        int n = encoded.length();
        while (pos < n) {
            int colon = encoded.indexOf(':', pos);
            int comma = encoded.indexOf(',', colon);
            if (comma < 0) {
                comma = n;
            }
            int index = Integer.parseInt(encoded, pos, colon, 10);
            long count = Long.parseLong(encoded, colon + 1, comma, 10);
            if (index < MIN_INDEX || index > MAX_INDEX) {
                throw new IllegalArgumentException("histogram bucket " + index + " is out of range");
            }
            counts[index - MIN_INDEX] += count;
            total += count;
            pos = comma + 1;
        }
    }

    public static LatencyHistogram decode(String encoded) {
        LatencyHistogram h = new LatencyHistogram();
        h.merge(encoded);
        return h;
    }

    public String encode() {
        StringBuilder s = new StringBuilder().append(zero).append(';');
        boolean first = true;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                if (!first) {
                    s.append(',');
                }
                s.append(i + MIN_INDEX).append(':').append(counts[i]);
                first = false;
            }
        }
        return s.toString();
    }

    public long count() {
        return total;
    }

    /**
     * The q-quantile (0 &lt; q ≤ 1) by nearest rank, in ms, rounded to the microsecond; NaN when empty.
     */
    public double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = zero;
        if (seen >= rank) {
            return 0;
        }
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                double value = 2 * Math.pow(GAMMA, i + MIN_INDEX) / (GAMMA + 1);
                return Math.round(value * 1000.0) / 1000.0;
            }
        }
        throw new IllegalStateException("counts do not add up to " + total);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && h.zero == zero && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(zero) * 31 + Arrays.hashCode(counts);
    }
}
