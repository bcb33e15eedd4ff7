package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.ingest.IngestCounts;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.query.CountRow;
import org.glassprobe.api.query.LatestResult;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.query.SummarySource;
import org.glassprobe.api.rollup.Bucket;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Resolution;
import org.glassprobe.api.rollup.Sample;

/** Reading results and roll-up rows: the columns and row readers ingest, roll-ups and queries share. */
final class ResultRows {
    static final String SAMPLE_COLUMNS = "check_name, region, started_at, ok, duration_ms, resolve_ms,"
            + " connect_ms, tls_ms, processing_ms, transfer_ms, error_kind";
    static final String HIST_COLUMNS = histogramColumns(EnumSet.allOf(Phase.class));

    private ResultRows() {}

    /** The histogram columns of these phases, in the phases' order ("total_hist, resolve_hist, ..."). */
    static String histogramColumns(Set<Phase> phases) {
        return inOrder(phases).stream().map(p -> p.wireName() + "_hist").collect(Collectors.joining(", "));
    }

    static Map<Phase, String> histograms(ResultSet r, int firstColumn) throws SQLException {
        return histograms(r, firstColumn, EnumSet.allOf(Phase.class));
    }

    /** The histograms of these phases, read from {@link #histogramColumns} of them starting at that column. */
    static Map<Phase, String> histograms(ResultSet r, int firstColumn, Set<Phase> phases) throws SQLException {
        Map<Phase, String> h = new EnumMap<>(Phase.class);
        int column = firstColumn;
        for (Phase p : inOrder(phases)) {
            h.put(p, r.getString(column++));
        }
        return h;
    }

    private static Set<Phase> inOrder(Set<Phase> phases) {
        Set<Phase> ordered = EnumSet.noneOf(Phase.class);
        ordered.addAll(phases);
        return ordered;
    }

    static Sample sample(ResultSet r) throws SQLException {
        double[] latencies = new double[Phase.values().length];
        for (Phase p : Phase.values()) {
            latencies[p.ordinal()] = r.getDouble(column(p));
        }
        return new Sample(r.getString("check_name"), r.getString("region"), r.getLong("started_at"),
                r.getBoolean("ok"), latencies, r.getString("error_kind"));
    }

    /**
     * Binds a sample to {@link #SAMPLE_COLUMNS}' eleven parameters, the first at {@code first}, with
     * the region of the probe that sent it (a sample read from a probe's batch has none of its own).
     */
    static void bindSample(PreparedStatement s, int first, Sample sample, String region) throws SQLException {
        s.setString(first, sample.check());
        s.setString(first + 1, region);
        s.setLong(first + 2, sample.startedAtMs());
        s.setBoolean(first + 3, sample.ok());
        for (Phase p : Phase.values()) {
            s.setDouble(first + 4 + p.ordinal(), sample.latency(p));
        }
        Sql.setString(s, first + 10, sample.errorKind());
    }

    static String column(Phase p) {
        return p == Phase.TOTAL ? "duration_ms" : p.wireName() + "_ms";
    }

}
