package org.glassprobe.api.page;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.glassprobe.api.journey.Propagation;

/**
 * One check's detail page: what the overview shows of it, each region's figures, its recent results
 * with their phases, its recent failures with their errors and screenshots, and its outages.
 *
 * @param regions  each region's uptime by period and latency over the last 24 h
 * @param recent   the newest results, newest first
 * @param failures the newest failed results, newest first
 * @param propagation the journey's propagation per reading region over the last 24 h; null when the
 *                 check has no journey (no object was ever published and nothing was read)
 */
public record CheckReport(Instant generatedAt, StatusReport.CheckStatus check, List<RegionFigures> regions,
        List<Run> recent, List<Run> failures, List<StatusReport.Incident> incidents, Duration refresh,
        Propagation propagation) {

    public CheckReport {
        Objects.requireNonNull(check, "check");
        regions = List.copyOf(regions);
        recent = List.copyOf(recent);
        failures = List.copyOf(failures);
        incidents = List.copyOf(incidents);
    }

    /** Whether any region reports a certificate: the page then shows the days left. */
    public boolean hasCertificates() {
        return regions.stream().anyMatch(r -> r.certificateExpiry() != null);
    }

    /** Whether the page shows a propagation section: the check has a journey. */
    public boolean hasJourney() {
        return propagation != null;
    }

    /**
     * The colour a region's propagation chart takes: the one its latency lines have in the check's
     * charts, else its place among the reading regions.
     */
    public int colourOf(String region, int place) {
        if (check.day() != null) {
            int i = new java.util.ArrayList<>(check.day().regions().keySet()).indexOf(region);
            if (i >= 0) {
                return i;
            }
        }
        return place;
    }

    /**
     * A region's figures for the check.
     *
     * @param state     the region's state, or null when the outage evaluator has none for it
     * @param uptime    uptime % by period, null without runs
     * @param runs24h   runs over the last 24 h
     * @param latency24h p50, p95, p99 of passed runs over the last 24 h in ms, null when none passed
     * @param certificateExpiry the earliest certificate expiry the region's latest results report, null without TLS
     */
    public record RegionFigures(String region, StatusReport.RegionStatus state, Map<String, Double> uptime, long runs24h,
            double[] latency24h, Instant certificateExpiry) {
        public RegionFigures {
            uptime = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(uptime));
        }

        /** A region's figures of a check that saw no TLS. */
        public RegionFigures(String region, StatusReport.RegionStatus state, Map<String, Double> uptime, long runs24h,
                double[] latency24h) {
            this(region, state, uptime, runs24h, latency24h, null);
        }

        public Double p(int index) {
            return latency24h == null ? null : latency24h[index];
        }
    }

    /**
     * One stored result, read back from the JSON the probe sent.
     *
     * @param readable  false when the stored JSON could not be read back (then only the row's fields are known)
     * @param variables each declared variable's value and where it came from ("target = … (probe)")
     * @param warnings  for a run that passed with warnings, what did not hold of its warn conditions
     * @param confirmation for a confirmation run, why it was asked for ({@code failure} or {@code recovery}); else null
     */
    public record Run(String id, String probe, String region, Instant startedAt, boolean ok, double durationMs,
            int attempt, String errorKind, String errorStep, String errorMessage, List<Step> steps, List<Shot> shots,
            boolean readable, List<String> variables, List<String> warnings, String confirmation) {
        public Run {
            steps = List.copyOf(steps);
            shots = List.copyOf(shots);
            variables = List.copyOf(variables);
            warnings = List.copyOf(warnings);
        }

        /** How the page says why a confirmation run was made; null for a scheduled run. */
        public String confirmationNote() {
            return confirmation == null ? null : confirmation.equals("recovery")
                    ? "confirmation run: a failing region passed again" : "confirmation run: another region failed";
        }
    }

    /**
     * Whether a failed step's error is the run's own, already said on the failure's first line (the
     * same step, the same message): a failure card says its message once.
     */
    public static boolean saidAbove(Run run, Step step) {
        return step.name().equals(run.errorStep()) && Objects.equals(step.error(), run.errorMessage());
    }

    /**
     * A step of a result's final attempt, with its network phases in ms (resolve, connect, tls,
     * processing, transfer) and, when it failed, why and which conditions did not hold; when it did
     * not run, why ({@code error}); whether it is a clean-up step.
     */
    public record Step(String name, String kind, boolean ok, double durationMs, Integer status, String url,
            double[] phases, String error, List<String> failedConditions, boolean cleanup, boolean notRun) {
        public static final List<String> PHASES = List.of("resolve", "connect", "tls", "processing", "transfer");

        public Step {
            failedConditions = List.copyOf(failedConditions);
        }

        public double phase(int index) {
            return phases[index];
        }
    }

    /** A failure screenshot the probe sent with the result, as a {@code data:} URL of a JPEG or PNG. */
    public record Shot(String step, String dataUrl, int bytes) {}
}
