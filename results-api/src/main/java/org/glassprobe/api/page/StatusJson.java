package org.glassprobe.api.page;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.openapi.NullableValues;
import org.glassprobe.api.outage.IncidentErrors;

/**
 * {@code /status.json}: the page's {@link StatusReport} for machines, field for field what the page
 * shows (states by their key and words, uptime as the summary reports it, daily bars, outages, the
 * fleet; latency charts are a check's page's, and {@code /api/v1/checks/{name}/series}). Nulls are written out: a missing figure is "no data", not absent.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusJson(Instant generatedAt, long refreshMs, Headline headline, List<Check> checks,
        List<Incident> incidents, List<Probe> probes) {

    /** The page's headline: the worst state, in words, and how many probes are late or down. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Headline(String state, String text, long probesNotUp) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Check(String name, String kind, String state, String stateText, @Nullable Instant since,
            boolean decided, @NullableValues Map<String, Double> uptimePercent, List<Region> regions,
            List<Day> daily, Links links) {}

    /** Where the check is shown: its page and its badge. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Links(String page, String badge) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Region(String region, String state, String stateText, @Nullable Instant since,
            @Nullable String lastError) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Day(String date, long runs, long failures, @Nullable Double uptimePercent, boolean maintenance) {}

    /**
     * An outage: {@code errorSummary} says what failed when it opened; {@code topErrors} (the most
     * frequent error messages with how many runs ended with each), {@code lastError} and
     * {@code lastErrorAt} what kept it open.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Incident(String id, String check, Instant openedAt, @Nullable Instant resolvedAt,
            long durationMs, boolean ongoing, List<String> regions, @Nullable String errorSummary,
            boolean flapping, int flaps, List<IncidentErrors.Count> topErrors, @Nullable String lastError,
            @Nullable Instant lastErrorAt) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Probe(String name, String region, String status, Instant statusSince,
            @Nullable Instant lastHeartbeatAt, @Nullable String version) {}

    public static StatusJson of(StatusReport r) {
        List<Check> checks = r.checks().stream().map(c -> {
            Links links = new Links(Fmt.checkPath(c.name()), Fmt.badgePath(c.name()));
            return new Check(c.name(), c.kind(), c.look().wireName(), c.look().word(), c.since(), c.decided(), c.uptime(),
                    c.regions().stream().map(g -> new Region(g.region(), g.look().wireName(), g.look().word(), g.since(),
                            g.lastError())).toList(),
                    c.days().stream().map(d -> new Day(d.date().toString(), d.runs(), d.failures(), d.uptimePercent(),
                            d.maintenance()))
                            .toList(),
                    links);
        }).toList();
        List<Incident> incidents = r.incidents().stream().map(i -> new Incident(i.id(), i.check(), i.openedAt(),
                i.resolvedAt(), i.duration().toMillis(), i.ongoing(), i.regions(), i.errorSummary(), i.flapping(),
                i.flaps(), i.errors().mostFrequent(), i.errors().last(), i.errors().lastAt())).toList();
        List<Probe> probes = r.probes().stream().map(p -> new Probe(p.name(), p.region(), p.look().wireName(),
                p.statusSince(), p.lastHeartbeatAt(), p.version())).toList();
        return new StatusJson(r.generatedAt(), r.refresh().toMillis(), new Headline(r.headline().look().wireName(),
                r.headline().text(), r.headline().downProbes()), checks, incidents, probes);
    }
}
