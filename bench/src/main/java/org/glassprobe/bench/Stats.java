package org.glassprobe.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample, nearest-rank. */
record Stats(double median, double p95, double min, double max, int n) {
    static Stats of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        return new Stats(rank(sorted, 0.50), rank(sorted, 0.95), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "median %.3f  p95 %.3f  (min %.3f, max %.3f, n=%d)",
                median, p95, min, max, n);
    }

    static double[] sorted(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
