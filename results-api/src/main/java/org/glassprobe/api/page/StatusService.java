package org.glassprobe.api.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.glassprobe.api.checks.CheckService;
import org.glassprobe.api.journey.JourneyService;
import org.glassprobe.api.journey.Propagation;
import org.glassprobe.api.checks.StoredCheck;
import org.glassprobe.api.maintenance.MaintenanceSchedule;
import org.glassprobe.api.maintenance.MaintenanceWindow;
import org.glassprobe.api.outage.CheckStates;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.query.Counts;
import org.glassprobe.api.query.Series;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.query.Summary;
import org.glassprobe.api.query.SummaryService;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the uptime page shows, at one moment: the checks and their states (from the outage
 * evaluator), uptime per period (the summary's figures, read as sums of roll-ups without their
 * histograms), daily bars, latency series, outages and the probe fleet; and, for one check, its
 * regions' figures, recent results and failures.
 */
public final class StatusService {
    /** The days of the daily bars: 90 days back from today, today included (91 bars). */
    static final Duration BAR_PERIOD = Duration.ofDays(90);
    /** The periods the page shows uptime over, in its order. */
    private static final Map<String, Duration> PERIODS = periods();
    private static final long DAY_MS = 86_400_000L;
    private final Logger logger = LoggerFactory.getLogger(StatusService.class);

    private final CheckService checks;
    private final Supplier<List<Probe>> probes;
    private final RecentResults results;
    private final SummaryService summaries;
    private final CheckStates states;
    private final Supplier<List<MaintenanceWindow>> maintenance;
    private final JourneyService journeys;
    private final Clock clock;
    private final Options options;

    /** Where the page's figures come from; {@code maintenance} lists every maintenance window. */
    public record Sources(CheckService checks, Supplier<List<Probe>> probes, RecentResults results,
            SummaryService summaries, CheckStates states, Supplier<List<MaintenanceWindow>> maintenance,
            JourneyService journeys) {}

    /**
     * @param refresh         how often the page refreshes itself
     * @param rawRetention    how far back raw results are kept (recent results are looked for within it)
     * @param incidents       how many outages the overview lists
     * @param recentResults   how many recent results a check's page lists
     * @param recentFailures  how many recent failures a check's page lists (each may carry a screenshot)
     */
    public record Options(Duration refresh, Duration rawRetention, int incidents, int recentResults,
            int recentFailures, Clock clock) {}

    public StatusService(Sources sources, Options options) {
        this.checks = sources.checks();
        this.probes = sources.probes();
        this.results = sources.results();
        this.summaries = sources.summaries();
        this.states = sources.states();
        this.maintenance = sources.maintenance();
        this.journeys = sources.journeys();
        this.clock = options.clock();
        this.options = options;
    }

    private static Map<String, Duration> periods() {
        Map<String, Duration> periods = new LinkedHashMap<>();
        StatusReport.PERIODS.forEach(p -> periods.put(p, SummaryService.PERIODS.get(p)));
        return java.util.Collections.unmodifiableMap(periods);
    }

    /** The whole page: every check, the outages, the fleet. */
    public StatusReport overview() {
        Instant now = clock.instant();
        long nowMs = now.toEpochMilli();
        List<StoredCheck> catalogue = checks.list();
        Map<String, CheckStates.CheckState> decided = new HashMap<>();
        for (CheckStates.CheckState s : states.all()) {
            decided.put(s.check(), s);
        }
        SummaryService.Uptime sums = summaries.uptime(null, PERIODS, BAR_PERIOD, nowMs);
        Map<String, Map<String, Map<String, Counts>>> uptime = sums.byPeriod();
        Map<String, Map<String, Map<Long, Counts>>> daily = sums.daily();
        List<MaintenanceWindow> windows = maintenance.get();
        List<StatusReport.CheckStatus> shown = new ArrayList<>();
        List<StoredCheck> ordered = new ArrayList<>(catalogue);
        ordered.sort(java.util.Comparator.comparingInt((StoredCheck c) -> place(decided.get(c.name())))
                .thenComparing(StoredCheck::name));
        for (StoredCheck check : ordered) {
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String period : StatusReport.PERIODS) {
                figures.put(period, overall(uptime.get(period).get(check.name())).uptimePercent());
            }
            shown.add(status(check, decided.get(check.name()), figures, daily.get(check.name()), windows, nowMs,
                    false));
        }
        List<StatusReport.ProbeRow> fleet = probes.get().stream().map(StatusService::probeRow).toList();
        List<StatusReport.Incident> incidents = incidents(null, now);
        return new StatusReport(now, headline(shown, fleet), shown, incidents, fleet, options.refresh());
    }

    /** One check's page, if the check exists. */
    public Optional<CheckReport> check(String name) {
        Optional<StoredCheck> found = checks.find(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredCheck check = found.get();
        Instant now = clock.instant();
        long nowMs = now.toEpochMilli();
        SummaryService.Uptime sums = summaries.uptime(name, PERIODS, BAR_PERIOD, nowMs);
        Map<String, Map<String, Counts>> byPeriod = new LinkedHashMap<>();
        sums.byPeriod().forEach((period, byCheck) -> byPeriod.put(period, byCheck.getOrDefault(name, Map.of())));
        Map<String, Double> figures = new LinkedHashMap<>();
        byPeriod.forEach((period, regions) -> figures.put(period, overall(regions).uptimePercent()));
        StatusReport.CheckStatus status = status(check, states.of(name).orElse(null), figures,
                sums.daily().get(name), maintenance.get(), nowMs, true);

        Summary day = summaries.summarize(name, "24h", SummaryService.PERIODS.get("24h"));
        List<CheckReport.RegionFigures> regions = new ArrayList<>();
        Map<String, Instant> certificates = results.certificateExpiry(name);
        java.util.TreeSet<String> regionNames = new java.util.TreeSet<>(day.regions().keySet());
        byPeriod.values().forEach(m -> regionNames.addAll(m.keySet()));
        status.regions().forEach(r -> regionNames.add(r.region()));
        regionNames.addAll(certificates.keySet());
        for (String region : regionNames) {
            Map<String, Double> up = new LinkedHashMap<>();
            byPeriod.forEach((period, m) -> up.put(period, m.getOrDefault(region, Counts.NONE).uptimePercent()));
            Summary.Figures f = day.regions().get(region);
            Summary.Percentiles total = f == null || f.latencyMs() == null ? null : f.latencyMs().get("total");
            StatusReport.RegionStatus state = status.regions().stream().filter(r -> r.region().equals(region))
                    .findFirst().orElse(null);
            regions.add(new CheckReport.RegionFigures(region, state, up, f == null ? 0 : f.runs(),
                    total == null ? null : new double[] {total.p50(), total.p95(), total.p99()},
                    certificates.get(region)));
        }
        long from = nowMs - options.rawRetention().toMillis();
        long to = nowMs + 3_600_000L;
        List<CheckReport.Run> recent = results.page(name, from, to, null, null, options.recentResults()).stream()
                .map(this::run).toList();
        List<CheckReport.Run> failures = results.failures(name, from, to, options.recentFailures()).stream()
                .map(this::run).toList();
        Propagation propagation = journeys.propagation(name, now.minus(Duration.ofHours(24)), now);
        boolean journey = propagation.hasReads() || journeys.newest(name).object().isPresent();
        return Optional.of(new CheckReport(now, status, regions, recent, failures, incidents(name, now),
                options.refresh(), journey ? propagation : null));
    }

    /** What a check's badge says: its state, and its uptime over a period when asked. */
    public record BadgeFacts(Look look, Double uptimePercent) {}

    /**
     * A check's state and, when {@code period} is not null, its uptime over that period (the
     * summary's figure); empty when there is no such check.
     */
    public Optional<BadgeFacts> badge(String name, String period) {
        if (checks.find(name).isEmpty()) {
            return Optional.empty();
        }
        Look look = Look.of(states.of(name).map(CheckStates.CheckState::state).orElse(CheckStates.State.UNKNOWN));
        Double uptime = period == null ? null : overall(summaries.counts(name, SummaryService.PERIODS.get(period),
                clock.millis()).get(name)).uptimePercent();
        return Optional.of(new BadgeFacts(look, uptime));
    }

    /**
     * Where a check stands on the page, most troubled first: outage, regional failure, a regional
     * slowdown (an operational check with a degraded region), degraded, unknown (also a check never
     * decided about), maintenance, operational.
     */
    static int place(CheckStates.CheckState state) {
        if (state == null) {
            return 4;
        }
        return switch (state.state()) {
            case OUTAGE -> 0;
            case REGIONAL_FAILURE -> 1;
            case DEGRADED -> 3;
            case UNKNOWN -> 4;
            case MAINTENANCE -> 5;
            case OPERATIONAL -> state.regions().stream().anyMatch(r -> r.state() == CheckStates.State.DEGRADED) ? 2 : 6;
        };
    }

    /**
     * A region's latest error while it is current: a region that passes (operational, or degraded:
     * slow but passing) has its latest results passed, so an error kept from before is stale and not
     * shown. A failing region, or one that does not vote (unknown, maintenance), shows its latest.
     */
    static String currentError(CheckStates.RegionState region) {
        return region.state() == CheckStates.State.OPERATIONAL || region.state() == CheckStates.State.DEGRADED
                ? null : region.lastError();
    }

    /** Runs and failures over every region. */
    private static Counts overall(Map<String, Counts> regions) {
        Counts sum = Counts.NONE;
        if (regions != null) {
            for (Counts c : regions.values()) {
                sum = sum.plus(c);
            }
        }
        return sum;
    }

    private StatusReport.CheckStatus status(StoredCheck check, CheckStates.CheckState state,
            Map<String, Double> uptime, Map<String, Map<Long, Counts>> daily, List<MaintenanceWindow> windows,
            long nowMs, boolean charts) {
        List<StatusReport.RegionStatus> regions = state == null ? List.of() : state.regions().stream()
                .sorted(java.util.Comparator.comparing(CheckStates.RegionState::region))
                .map(r -> new StatusReport.RegionStatus(r.region(), Look.of(r.state()), r.since(), currentError(r)))
                .toList();
        Look look = Look.of(state == null ? CheckStates.State.UNKNOWN : state.state());
        return new StatusReport.CheckStatus(check.name(), check.kind(), look, state == null ? null : state.since(),
                state != null, uptime, regions, days(daily, maintenanceDays(windows, check.name(), nowMs), nowMs),
                charts ? latency(check.name(), "24h", "1h") : null, charts ? latency(check.name(), "7d", "1h") : null);
    }

    /** 91 UTC days, oldest first, each summed over the regions: the series' 1d buckets. */
    private static List<StatusReport.Day> days(Map<String, Map<Long, Counts>> daily, Set<LocalDate> maintenance,
            long nowMs) {
        long first = Math.floorDiv(nowMs - BAR_PERIOD.toMillis(), DAY_MS) * DAY_MS;
        long last = Math.floorDiv(nowMs, DAY_MS) * DAY_MS;
        Map<Long, Counts> sums = new HashMap<>();
        if (daily != null) {
            daily.values().forEach(byDay -> byDay.forEach((day, c) -> sums.merge(day, c, Counts::plus)));
        }
        List<StatusReport.Day> days = new ArrayList<>();
        for (long day = first; day <= last; day += DAY_MS) {
            Counts c = sums.getOrDefault(day, Counts.NONE);
            LocalDate date = LocalDate.ofEpochDay(day / DAY_MS);
            days.add(new StatusReport.Day(date, c.runs(), c.failures(), c.uptimePercent(), maintenance.contains(date)));
        }
        return days;
    }

    /** The UTC days of the bars on which a maintenance window of the check (or of every check) fell. */
    static Set<LocalDate> maintenanceDays(List<MaintenanceWindow> windows, String check, long nowMs) {
        Set<LocalDate> days = new java.util.HashSet<>();
        long first = Math.floorDiv(nowMs - BAR_PERIOD.toMillis(), DAY_MS) * DAY_MS;
        long last = Math.floorDiv(nowMs, DAY_MS) * DAY_MS;
        for (MaintenanceWindow w : windows) {
            if (!w.appliesTo(check)) {
                continue;
            }
            MaintenanceSchedule schedule;
            try {
                schedule = MaintenanceSchedule.of(w);
            } catch (IllegalArgumentException e) {
                continue; // checked when the window was created
            }
            for (long day = first; day <= last; day += DAY_MS) {
                if (schedule.overlaps(Instant.ofEpochMilli(day), Instant.ofEpochMilli(day + DAY_MS))) {
                    days.add(LocalDate.ofEpochDay(day / DAY_MS));
                }
            }
        }
        return days;
    }

    private StatusReport.Latency latency(String check, String period, String step) {
        Series series = summaries.series(check, period, SummaryService.PERIODS.get(period), step,
                SummaryService.STEPS.get(step));
        List<Instant> starts = series.overall().stream().map(Series.Point::start).toList();
        Map<String, StatusReport.LatencySeries> regions = new LinkedHashMap<>();
        series.regions().forEach((region, points) -> regions.put(region, new StatusReport.LatencySeries(
                points.stream().map(Series.Point::p50Ms).toList(), points.stream().map(Series.Point::p95Ms).toList())));
        return new StatusReport.Latency(period, step, starts, regions);
    }

    private List<StatusReport.Incident> incidents(String check, Instant now) {
        return states.incidents(check, options.incidents()).stream().map(i -> new StatusReport.Incident(i.id(),
                i.check(), i.openedAt(), i.resolvedAt(), Duration.between(i.openedAt(),
                i.resolvedAt() == null ? now : i.resolvedAt()), i.regions(), i.errorSummary(), i.errors(), i.flaps(),
                i.runs(), i.failedRuns())).toList();
    }

    private static StatusReport.ProbeRow probeRow(Probe p) {
        return new StatusReport.ProbeRow(p.name(), p.region(), Look.of(p.status()), p.statusSince(),
                p.lastHeartbeatAt(), p.lastHeartbeat() == null ? null : p.lastHeartbeat().version());
    }

    private static StatusReport.Headline headline(List<StatusReport.CheckStatus> checks,
            List<StatusReport.ProbeRow> fleet) {
        long silent = fleet.stream().filter(p -> p.look().key().equals("late") || p.look().key().equals("down")).count();
        if (checks.isEmpty()) {
            return new StatusReport.Headline(Look.of(CheckStates.State.UNKNOWN), "No checks are configured yet", silent);
        }
        Look worst = checks.stream().map(StatusReport.CheckStatus::look)
                .max(java.util.Comparator.comparingInt(Look::rank)).orElseThrow();
        long n = checks.stream().filter(c -> c.look().equals(worst)).count();
        String text = worst.rank() == 0
                ? (checks.size() == 1 ? "The check is operational" : "All " + checks.size() + " checks operational")
                : worst.word() + ": " + n + " of " + Fmt.count(checks.size(), "check", "checks");
        return new StatusReport.Headline(worst, text, silent);
    }

    /** A stored result read back; one that cannot be read is still listed with what its row says. */
    private CheckReport.Run run(StoredResult stored) {
        CheckResult r;
        try {
            r = ResultJson.fromJson(stored.body());
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            logger.atWarn().addKeyValue("probe", stored.probe()).addKeyValue("error", e.getMessage())
                    .log("a stored result could not be read back for the page");
            return new CheckReport.Run(null, stored.probe(), stored.region(), stored.startedAt(), false, 0, 0, null,
                    null, "this result could not be read back", List.of(), List.of(), false, List.of(), List.of(), null);
        }
        List<CheckReport.Step> steps = new ArrayList<>();
        List<CheckReport.Shot> shots = new ArrayList<>();
        for (StepResult s : r.steps()) {
            steps.add(new CheckReport.Step(s.name(), s.kind(), s.ok(), s.durationMs(), s.status(),
                    s.request() == null ? null : s.request().url(),
                    new double[] {s.phases().resolve(), s.phases().connect(), s.phases().tls(), s.phases().processing(),
                        s.phases().transfer()},
                    s.error() == null ? s.notRun() : s.error().message(),
                    s.conditions().stream().filter(c -> !c.ok()).map(StatusService::describe).toList(),
                    s.cleanupStep(), !s.ran()));
            if (!r.ok()) {
                for (StepResult.Artifact a : s.artifacts()) {
                    shot(s.name(), a).ifPresent(shots::add);
                }
            }
        }
        return new CheckReport.Run(r.id().toString(), stored.probe(), stored.region(), r.startedAt(), r.ok(),
                r.durationMs(), r.attempt(), r.error() == null ? null : r.error().kind().wireName(),
                r.error() == null ? null : r.error().step(), r.error() == null ? null : r.error().message(), steps,
                shots.size() > 2 ? shots.subList(0, 2) : shots, true, r.variables().entrySet().stream()
                        .map(v -> v.getValue().describe(v.getKey()))
                        .toList(), r.warned() ? r.warnings().stream().map(w -> w.message()).toList() : List.of(),
                r.confirmation() == null ? null : r.confirmation().reason());
    }

    private static String describe(ConditionResult c) {
        return c.condition() + (c.actual() == null ? "" : " (was " + c.actual() + ")");
    }

    /** The most a screenshot may be to be shown: a probe sends at most 120 KiB. */
    static final int MAX_SHOT_BYTES = 256 * 1024;

    /** A screenshot artifact's content as a data: URL, only for a JPEG or PNG that decodes. */
    static Optional<CheckReport.Shot> shot(String step, StepResult.Artifact a) {
        if (!"screenshot".equals(a.type()) || a.content() == null || a.content().isEmpty()) {
            return Optional.empty();
        }
        String type = a.contentType() == null ? "" : a.contentType().strip().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("image/jpeg") && !type.equals("image/png")) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(a.content());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        boolean jpeg = bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
        boolean png = bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
                && bytes[3] == 'G';
        if (bytes.length > MAX_SHOT_BYTES || !(type.equals("image/jpeg") ? jpeg : png)) {
            return Optional.empty();
        }
        return Optional.of(new CheckReport.Shot(step, "data:" + type + ";base64,"
                + Base64.getEncoder().encodeToString(bytes), bytes.length));
    }
}
