package org.glassprobe.api.query;

import java.util.List;
import java.util.Map;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Sample;

/**
 * What a summary is computed from, read in one transaction: roll-up rows of whole days, of whole
 * hours at the days' edges, of minutes at the hours' edges, and the raw results not rolled up yet.
 */
public record SummarySource(List<RollupRow> days, List<RollupRow> hours, List<RollupRow> minutes, List<Sample> pending) {
    public SummarySource {
        days = List.copyOf(days);
        hours = List.copyOf(hours);
        minutes = List.copyOf(minutes);
        pending = List.copyOf(pending);
    }

    /** One stored roll-up row, histograms in their text form. */
    public record RollupRow(String region, long bucketStart, long runs, long failures, String errorKinds,
            Map<Phase, String> histograms) {}
}
