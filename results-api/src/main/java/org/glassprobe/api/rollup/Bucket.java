package org.glassprobe.api.rollup;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs, failures (by kind) and latency histograms of a set of results: one roll-up row, or a
 * region's or the whole check's sum over a period. Mutable accumulator; merging adds.
 */
public final class Bucket {
    private long runs;
    private long failures;
    private final TreeMap<String, Long> errorKinds = new TreeMap<>();
    private final EnumMap<Phase, LatencyHistogram> latency = new EnumMap<>(Phase.class);

    public Bucket() {
        for (Phase p : Phase.values()) {
            latency.put(p, new LatencyHistogram());
        }
    }

    /** Counts one result; its latencies count only when it passed (a failure's time says how fast it failed). */
    public void add(Sample sample) {
        runs++;
        if (sample.ok()) {
            for (Phase p : Phase.values()) {
                latency.get(p).add(sample.latency(p));
            }
        } else {
            failures++;
            errorKinds.merge(sample.errorKind() == null ? "unknown" : sample.errorKind(), 1L, Long::sum);
        }
    }

    public void merge(Bucket other) {
        runs += other.runs;
        failures += other.failures;
        other.errorKinds.forEach((k, v) -> errorKinds.merge(k, v, Long::sum));
        for (Phase p : Phase.values()) {
            latency.get(p).merge(other.latency.get(p));
        }
    }

    /** Adds a stored row's values (histograms in their text form, by phase). */
    public void merge(long rowRuns, long rowFailures, String rowErrorKinds, Map<Phase, String> histograms) {
        runs += rowRuns;
        failures += rowFailures;
        decodeKinds(rowErrorKinds).forEach((k, v) -> errorKinds.merge(k, v, Long::sum));
        histograms.forEach((p, h) -> latency.get(p).merge(h));
    }

    public long runs() {
        return runs;
    }

    public long failures() {
        return failures;
    }

    public Map<String, Long> errorKinds() {
        return Map.copyOf(errorKinds);
    }

    public LatencyHistogram latency(Phase phase) {
        return latency.get(phase);
    }

    public String encodedErrorKinds() {
        StringBuilder s = new StringBuilder();
        errorKinds.forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append(':').append(v));
        return s.toString();
    }

    static Map<String, Long> decodeKinds(String text) {
        Map<String, Long> kinds = new TreeMap<>();
        if (text != null && !text.isEmpty()) {
            for (String part : text.split(",")) {
                int colon = part.lastIndexOf(':');
                kinds.put(part.substring(0, colon), Long.parseLong(part.substring(colon + 1)));
            }
        }
        return kinds;
    }
}
