package org.glassprobe.api.page;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.glassprobe.api.openapi.NullableValues;
import org.glassprobe.api.outage.IncidentErrors;

/**
 * Everything the uptime page shows at one moment, read once: the HTML page and {@code /status.json}
 * are both made from it, so they cannot disagree.
 *
 * @param generatedAt when it was read (the API's clock)
 * @param headline    the worst state among the checks, with how many checks are in it
 * @param checks      every check, the most troubled first (see {@link StatusService#place}), by name within a state
 * @param incidents   the latest outages of every check, newest first
 * @param probes      the fleet, by region and name
 * @param refresh     how often the page refreshes itself
 */
public record StatusReport(Instant generatedAt, Headline headline, List<CheckStatus> checks, List<Incident> incidents,
        List<ProbeRow> probes, Duration refresh) {

    public StatusReport {
        Objects.requireNonNull(generatedAt, "generatedAt");
        checks = List.copyOf(checks);
        incidents = List.copyOf(incidents);
        probes = List.copyOf(probes);
    }

    /** The periods whose uptime the page shows, in order. */
    public static final List<String> PERIODS = List.of("24h", "7d", "30d", "90d");

    /**
     * The page's one-line answer.
     *
     * @param look  the worst state's look (operational when there is no check)
     * @param text  the answer in words, e.g. "All 20 checks operational", "Outage: 1 of 20 checks"
     * @param downProbes how many probes are down or late (their regions do not vote)
     */
    public record Headline(Look look, String text, long downProbes) {}

    /**
     * One check as the page shows it.
     *
     * @param decided  whether the outage evaluator has a state for it (if not: unknown, "no decision yet")
     * @param uptime   uptime % by period (24h, 7d, 30d, 90d), null without runs: the summary's figures
     * @param regions  each region's state, by region
     * @param days     the last 91 UTC days, oldest first (today last)
     * @param day      p50 and p95 per region over the last 24 h; null on the overview (only a check's page
     *                 draws its charts)
     * @param week     p50 and p95 per region over the last 7 d; null on the overview
     */
    public record CheckStatus(String name, String kind, Look look, Instant since, boolean decided,
            Map<String, Double> uptime, List<RegionStatus> regions, List<Day> days, Latency day, Latency week) {
        public CheckStatus {
            Objects.requireNonNull(name, "name");
            uptime = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(uptime));
            regions = List.copyOf(regions);
            days = List.copyOf(days);
        }

        /** Uptime over the whole window of the day bars (the 90-day figure). */
        public Double uptime(String period) {
            return uptime.get(period);
        }
    }

    /**
     * A region's state for a check.
     *
     * @param lastError the latest failure's message there while it is current; null when the region
     *                  passes (operational or degraded), whose latest results passed
     */
    public record RegionStatus(String region, Look look, Instant since, String lastError) {}

    /**
     * One UTC day of a check: runs and failures over every region.
     *
     * @param maintenance whether a maintenance window of the check (or of every check) fell on the day
     */
    public record Day(LocalDate date, long runs, long failures, Double uptimePercent, boolean maintenance) {
        /**
         * maintenance (a window fell on the day and no counted run failed), ok (no failure, or at
         * least 99.9 %), minor (at least 99 %), major (below), none (no runs). Failures outside the
         * window (before it was created, say) really happened: they keep the day's measured band.
         */
        public String band() {
            if (maintenance && failures == 0) {
                return "maintenance";
            }
            if (uptimePercent == null) {
                return "none";
            }
            return failures == 0 || uptimePercent >= 99.9 ? "ok" : uptimePercent >= 99.0 ? "minor" : "major";
        }
    }

    /**
     * Latency percentiles of passed runs in time buckets, per region.
     *
     * @param period  24h or 7d
     * @param step    the buckets' width (1h, 6h, …)
     * @param starts  each bucket's start
     * @param regions per region: p50 and p95 in ms for each bucket, null where no run passed
     */
    public record Latency(String period, String step, List<Instant> starts, Map<String, LatencySeries> regions) {
        public Latency {
            starts = List.copyOf(starts);
            regions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(regions));
        }
    }

    /** p50 and p95 per bucket (nulls where no run passed). */
    public record LatencySeries(@NullableValues List<Double> p50Ms, @NullableValues List<Double> p95Ms) {
        public LatencySeries {
            p50Ms = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(p50Ms));
            p95Ms = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(p95Ms));
        }
    }

    /**
     * An outage as the page shows it.
     *
     * @param duration how long it lasted, or has lasted until now while open
     * @param errorSummary what failed when it opened
     * @param errors   what kept it open: the most frequent errors with their runs, and the latest
     * @param flaps    how many times its trouble came back after it had cleared (0: not flapping)
     * @param runs     once ended, its regions' runs while it was open (0 while open)
     * @param failedRuns of those, the failed ones
     */
    public record Incident(String id, String check, Instant openedAt, Instant resolvedAt, Duration duration,
            List<String> regions, String errorSummary, IncidentErrors errors, int flaps, int runs, int failedRuns) {
        public Incident {
            regions = List.copyOf(regions);
            errors = errors == null ? IncidentErrors.NONE : errors;
        }

        /**
         * What failed, in words: its most frequent errors with how many runs ended so ("status 503,
         * expected 200 (42 runs)"), or, before any is known, what failed when it opened.
         */
        public List<String> frequentErrors() {
            if (errors.mostFrequent().isEmpty()) {
                return errorSummary == null || errorSummary.isEmpty() ? List.of() : List.of(errorSummary);
            }
            return errors.mostFrequent().stream().map(c -> c.message() + " (" + c.runs()
                    + (c.runs() == 1 ? " run)" : " runs)")).toList();
        }

        public boolean ongoing() {
            return resolvedAt == null;
        }

        public boolean flapping() {
            return flaps > 0;
        }

        /** "flapping: back 3 times; 31 of 60 runs failed (52 %)", or what of it is known; empty when neither. */
        public String flapNote() {
            StringBuilder s = new StringBuilder();
            if (flaps > 0) {
                s.append("flapping: back ").append(flaps).append(flaps == 1 ? " time" : " times");
            }
            if (runs > 0 && failedRuns < runs && (flaps > 0 || failedRuns * 10 < runs * 9)) {
                s.append(s.length() == 0 ? "" : "; ").append(failedRuns).append(" of ").append(runs)
                        .append(" runs failed (").append(Math.round(100.0 * failedRuns / runs)).append(" %)");
            }
            return s.toString();
        }
    }

    /** A probe of the fleet: where it is, whether it is alive, when it was last heard from, what it runs. */
    public record ProbeRow(String name, String region, Look look, Instant statusSince, Instant lastHeartbeatAt,
            String version) {}
}
