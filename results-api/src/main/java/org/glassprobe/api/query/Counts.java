package org.glassprobe.api.query;

/** Runs and failures of a check (in a region, over a period or a time bucket): what uptime is made of. */
public record Counts(long runs, long failures) {
    public static final Counts NONE = new Counts(0, 0);

    public Counts plus(Counts other) {
        return new Counts(runs + other.runs, failures + other.failures);
    }

    /** As every summary reports it: passed runs / runs × 100 to three decimals, null without runs. */
    public Double uptimePercent() {
        return SummaryService.uptimePercent(runs, failures);
    }
}
