package org.glassprobe.api.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.glassprobe.api.notify.EventType;
import org.glassprobe.api.outage.CheckStates.State;
import org.glassprobe.scenarios.model.OutagePolicy;

/**
 * The decision about one check, from the latest result of each probe, the probes' liveness, the
 * region history it asks for, and what was decided last time. No I/O of its own and no clock: the
 * time is given. The rules are those documented in docs/check-language.md (the outage section)
 * and docs/api.md (Outages):
 *
 * <ul>
 *   <li>With fewer voting regions than the policy's {@code minRegions}, nothing opens, resolves or
 *       is announced, and the check is unknown.</li>
 *   <li>A region votes when it has a live (up) probe whose latest result is fresh (started within
 *       two intervals, the run's attempts and a grace) and not of error kind probe. With several
 *       such probes, the region's latest word is failing when more of them failed than passed.</li>
 *   <li>A region that does not fail starts failing when its latest word is failing and, with flap
 *       control ({@code failures} within {@code within}), enough of its runs failed in the window.
 *       A failing region passes again after {@code recovery} consecutive passed runs. A region that
 *       stops voting keeps its flag until it votes again.</li>
 *   <li>A round is the regions' runs that began within half an interval of the newest heard; it is
 *       complete once every voting region has reported it.</li>
 *   <li>An outage opens when at least the quorum of the voting regions fail in the current round; it
 *       is clear on a complete round where fewer than the quorum fail and at least the quorum (or all
 *       voting regions, when fewer vote) pass. Failing regions below the quorum are a regional
 *       failure, opened and announced once every passing voting region has reported since the
 *       failure began (so that a site going down everywhere is announced once, as an outage,
 *       whatever order the regions' results arrive in); it is clear on a complete round where no
 *       region fails.</li>
 *   <li>A clear incident ends once open {@code min-open}; trouble that comes back before it ends,
 *       or within {@code reopen-within} of its end, continues it and makes it flapping (one that
 *       had ended opens again, announced again); a flapping one ends once clear
 *       {@code reopen-within}. Its end is the moment it cleared. Trouble moving between regions is
 *       a regional failure's flapping, and is not announced again.</li>
 *   <li>A voting region is degraded after {@code runs} consecutive passed runs slower than its
 *       baseline times the factor and by at least the floor, or warned (a warn condition of the run
 *       did not hold), and recovers after as many that are neither.
 *       The check is degraded while at least the quorum of the voting regions are; fewer are a
 *       regional slowdown (its own incident: {@code regional.degraded}, ended by
 *       {@code regional.recovered}).</li>
 *   <li>While a confirmation round of the check awaits answers (other regions asked to run it at
 *       once), no regional failure opens or grows: the failure may be the start of an outage.</li>
 *   <li>Inside a maintenance window nothing opens and nothing is announced; what opened before it
 *       and ends inside it is announced as it ends.</li>
 * </ul>
 */
public final class Decider {
    private final Duration grace;
    private final Supplier<String> ids;

    /**
     * @param grace how long past its check's rhythm a result still votes
     * @param ids   new incident ids
     */
    public Decider(Duration grace, Supplier<String> ids) {
        this.grace = Objects.requireNonNull(grace, "grace");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    public Decider(Duration grace) {
        this(grace, () -> UUID.randomUUID().toString());
    }

    /**
     * @param voters      every probe, with its liveness
     * @param votes       the latest result of this check from each probe that has reported it
     * @param maintenance whether the check is inside a maintenance window now
     */
    public Decision decide(Subject subject, List<Voter> voters, List<Vote> votes, Previous previous,
            boolean maintenance, RegionHistory history, Instant now) {
        return decide(subject, voters, votes, previous, maintenance, false, history, now);
    }

    /**
     * @param confirming whether a confirmation round of the check awaits answers: until they are in,
     *                   a failure is not known to be regional and no regional failure opens or grows
     */
    public Decision decide(Subject subject, List<Voter> voters, List<Vote> votes, Previous previous,
            boolean maintenance, boolean confirming, RegionHistory history, Instant now) {
        OutagePolicy policy = subject.policy();
        Instant staleBefore = now.minus(subject.votesFor(grace));
        Set<String> regions = new TreeSet<>(subject.regions());
        if (regions.isEmpty()) {
            voters.forEach(v -> regions.add(v.region()));
            votes.forEach(v -> regions.add(v.region()));
        }
        Map<String, RegionRecord> decided = new LinkedHashMap<>();
        Map<String, Vote> failingVotes = new LinkedHashMap<>();
        List<String> voting = new ArrayList<>();
        Map<String, Instant> heardAt = new LinkedHashMap<>();
        for (String region : regions) {
            Set<String> live = new TreeSet<>();
            voters.stream().filter(v -> v.alive() && v.region().equals(region)).forEach(v -> live.add(v.probe()));
            List<Vote> counted = votes.stream().filter(v -> v.region().equals(region) && live.contains(v.probe())
                    && !v.startedAt().isBefore(staleBefore) && v.aboutTheSite()).toList();
            RegionRecord before = previous.regions().getOrDefault(region, RegionRecord.fresh(region, now));
            if (!maintenance && before.state() == State.MAINTENANCE) {
                // a window has just ended: what was flagged inside it does not carry over
                before = new RegionRecord(region, State.MAINTENANCE, before.since(), false, false, before.lastError());
            }
            RegionRecord after = region(region, counted, before, policy, history, maintenance, now);
            decided.put(region, after);
            if (!counted.isEmpty()) {
                voting.add(region);
                heardAt.put(region, counted.stream().map(Vote::startedAt).max(Comparator.naturalOrder()).orElseThrow());
            }
            if (!counted.isEmpty() && after.failing()) {
                counted.stream().filter(v -> !v.ok()).min(Comparator.comparing(Vote::startedAt))
                        .ifPresent(v -> failingVotes.put(region, v));
            }
        }
        List<String> failing = voting.stream().filter(r -> decided.get(r).failing()).toList();
        List<String> passing = voting.stream().filter(r -> !decided.get(r).failing()).toList();
        List<String> degraded = voting.stream().filter(r -> decided.get(r).degraded()).toList();
        // a region with a live probe that has not reported the check yet (a new check, a new region)
        // will vote within the check's rhythm: it counts towards the quorum meanwhile, so that the
        // first region to report a new check's failure does not make an outage of it alone
        Instant recently = now.minus(subject.votesFor(grace));
        long pending = regions.stream().filter(r -> !voting.contains(r)
                && voters.stream().anyMatch(v -> v.alive() && v.region().equals(r))
                && (!previous.regions().containsKey(r) || previous.regions().get(r).state() == State.UNKNOWN
                        && previous.regions().get(r).since().isAfter(recently))).count();
        int required = policy.quorum().required(voting.size() + (int) pending);
        // fewer voting regions than the check asks for: nothing is decided, the check is unknown
        boolean enough = voting.size() >= policy.minRegions();

        List<IncidentRecord> writes = new ArrayList<>();
        List<Decision.Announcement> announcements = new ArrayList<>();
        Map<IncidentKind, IncidentRecord> open = new EnumMap<>(IncidentKind.class);
        open.putAll(previous.open());

        // the regions heard in the round now being reported (a check runs at the same instant in every
        // region); the round is complete once every voting region has reported it
        Instant newest = heardAt.values().stream().max(Comparator.naturalOrder()).orElse(now);
        Instant roundBegan = newest.minus(subject.interval().dividedBy(2));
        Set<String> current = new TreeSet<>();
        voting.stream().filter(r -> !heardAt.get(r).isBefore(roundBegan)).forEach(current::add);
        boolean complete = !voting.isEmpty() && current.size() == voting.size();
        long failingNow = failing.stream().filter(current::contains).count();
        Flaps flaps = new Flaps(policy.minOpenFor(subject.interval()), policy.reopenWithinFor(subject.interval()));

        IncidentRecord outage = open.get(IncidentKind.OUTAGE);
        if (!enough) {
            // too few regions vote to say anything: what is open stays open
        } else if (outage != null) {
            IncidentRecord updated = outage.withRegions(failing);
            boolean clear = complete && failing.size() < required
                    && passing.size() >= Math.min(required, voting.size());
            if (failingNow >= required) {
                updated = updated.troubled(false);
            } else if (clear) {
                updated = updated.clear(now);
            }
            if (clear && flaps.ends(updated, now)) {
                updated = counted(updated.resolved(updated.clearedAt()), regions, history, subject.interval());
                open.remove(IncidentKind.OUTAGE);
                if (updated.notified()) {
                    announcements.add(new Decision.Announcement(EventType.OUTAGE_RESOLVED, updated, passing));
                }
            } else {
                open.put(IncidentKind.OUTAGE, updated);
            }
            if (!updated.equals(outage)) {
                writes.add(updated);
            }
        } else if (!maintenance && failingNow >= required) {
            // failures of this round alone open an outage: a region's failure of the round before,
            // not yet followed by its result of this one, does not add to another region's
            Vote first = failing.stream().map(failingVotes::get).filter(Objects::nonNull)
                    .min(Comparator.comparing(Vote::startedAt)).orElse(null);
            IncidentRecord opened = flaps.reopens(previous.ended().get(IncidentKind.OUTAGE), now)
                    ? previous.ended().get(IncidentKind.OUTAGE).reopened(failing)
                    : new IncidentRecord(ids.get(), IncidentKind.OUTAGE, subject.check(), now, failing,
                            first == null ? null : first.resultId(), summary(failing, failingVotes, decided), true);
            open.put(IncidentKind.OUTAGE, opened);
            writes.add(opened);
            announcements.add(new Decision.Announcement(EventType.OUTAGE_OPENED, opened, failing));
        }

        IncidentRecord regional = open.get(IncidentKind.REGIONAL);
        boolean outageOpen = open.containsKey(IncidentKind.OUTAGE);
        boolean othersHeard = pending == 0 && !confirming
                && othersHeard(failing, passing, failingVotes, heardAt, subject.interval());
        if (!enough) {
            // left as it is
        } else if (regional != null && outageOpen) {
            // a regional failure that grew into an outage ends in that outage's notice, which says so
            writes.add(regional.resolved(now));
            open.remove(IncidentKind.REGIONAL);
            if (regional.notified()) {
                supersede(announcements, EventType.OUTAGE_OPENED, regional.id());
            }
        } else if (regional != null && failing.isEmpty()) {
            IncidentRecord updated = complete ? regional.clear(now) : regional;
            // one never announced ends as soon as it is clear: its end is no notice
            if (complete && (flaps.ends(updated, now) || !regional.notified())) {
                updated = counted(updated.resolved(updated.clearedAt()), updated.regions(), history,
                        subject.interval());
                open.remove(IncidentKind.REGIONAL);
                // announced as recovered to whoever heard of it
                if (regional.notified()) {
                    announcements.add(new Decision.Announcement(EventType.REGIONAL_RECOVERED, updated,
                            regional.regions()));
                }
            } else {
                open.put(IncidentKind.REGIONAL, updated);
            }
            if (!updated.equals(regional)) {
                writes.add(updated);
            }
        } else if (regional != null && (!complete || confirming)) {
            // a region joins or leaves once every region has reported the round (and confirmed it)
        } else if (regional != null) {
            List<String> joined = failing.stream().filter(r -> !regional.regions().contains(r)).toList();
            // the trouble moving from region to region (one came back, another fails) is flapping too
            boolean moved = !joined.isEmpty() && regional.regions().stream().anyMatch(r -> !failing.contains(r));
            IncidentRecord updated = regional.withRegions(joined).troubled(moved);
            if (!maintenance && (regional.notified() ? !joined.isEmpty() && !updated.flapping() : othersHeard)) {
                updated = updated.announced();
                announcements.add(new Decision.Announcement(EventType.REGIONAL_FAILURE, updated, failing));
            }
            if (!updated.equals(regional)) {
                open.put(IncidentKind.REGIONAL, updated);
                writes.add(updated);
            }
        } else if (!maintenance && !outageOpen && !failing.isEmpty() && othersHeard) {
            // opened once known to be regional (inside a window nothing opens): a region failing a
            // moment before the others report the same is the start of an outage, not an incident
            Vote first = failing.stream().map(failingVotes::get).filter(Objects::nonNull)
                    .min(Comparator.comparing(Vote::startedAt)).orElse(null);
            IncidentRecord opened = flaps.reopens(previous.ended().get(IncidentKind.REGIONAL), now)
                    ? previous.ended().get(IncidentKind.REGIONAL).reopened(failing)
                    : new IncidentRecord(ids.get(), IncidentKind.REGIONAL, subject.check(), now, failing,
                            first == null ? null : first.resultId(), summary(failing, failingVotes, decided), true);
            open.put(IncidentKind.REGIONAL, opened);
            writes.add(opened);
            announcements.add(new Decision.Announcement(EventType.REGIONAL_FAILURE, opened, failing));
        }

        // degradation takes the quorum as failures do: fewer degraded regions are shown in their
        // regions, and the check is degraded (and announced) once at least the quorum of them are
        IncidentRecord slow = open.get(IncidentKind.DEGRADED);
        boolean slowWide = !degraded.isEmpty() && degraded.size() >= required;
        if (!enough) {
            // left as it is
        } else if (slow != null) {
            IncidentRecord updated = slow.withRegions(degraded);
            if (!slowWide && !voting.isEmpty()) { // no region heard is not a recovery
                updated = updated.resolved(now);
                open.remove(IncidentKind.DEGRADED);
                if (updated.notified()) {
                    announcements.add(new Decision.Announcement(EventType.CHECK_RECOVERED, updated, voting));
                }
            } else {
                open.put(IncidentKind.DEGRADED, updated);
            }
            if (!updated.equals(slow)) {
                writes.add(updated);
            }
        } else if (slowWide && !maintenance) {
            IncidentRecord opened = new IncidentRecord(ids.get(), IncidentKind.DEGRADED, subject.check(), now,
                    degraded, null, slowSummary(degraded, history, policy), true);
            open.put(IncidentKind.DEGRADED, opened);
            writes.add(opened);
            announcements.add(new Decision.Announcement(EventType.CHECK_DEGRADED, opened, degraded));
        }

        // fewer slow regions than the quorum are a regional slowdown: announced, and announced again
        // as regions join (on complete rounds); it ends when no region is slow, or silently when it
        // grows into the check's degradation
        IncidentRecord slowRegions = open.get(IncidentKind.REGIONAL_DEGRADED);
        boolean slowWideNow = open.containsKey(IncidentKind.DEGRADED);
        if (!enough) {
            // left as it is
        } else if (slowRegions != null && (slowWideNow || degraded.isEmpty() && !voting.isEmpty())) {
            IncidentRecord ended = slowRegions.resolved(now);
            writes.add(ended);
            open.remove(IncidentKind.REGIONAL_DEGRADED);
            if (!slowWideNow && slowRegions.notified()) {
                announcements.add(new Decision.Announcement(EventType.REGIONAL_RECOVERED, ended,
                        slowRegions.regions()));
            }
            if (slowWideNow && slowRegions.notified()) {
                supersede(announcements, EventType.CHECK_DEGRADED, slowRegions.id());
            }
        } else if (slowRegions != null && complete) {
            List<String> joined = degraded.stream().filter(r -> !slowRegions.regions().contains(r)).toList();
            if (!joined.isEmpty()) {
                IncidentRecord updated = slowRegions.withRegions(joined);
                open.put(IncidentKind.REGIONAL_DEGRADED, updated);
                writes.add(updated);
                if (!maintenance) {
                    announcements.add(new Decision.Announcement(EventType.REGIONAL_DEGRADED, updated, degraded));
                }
            }
        } else if (slowRegions == null && !degraded.isEmpty() && !slowWideNow && !maintenance && complete
                && pending == 0) {
            // on a complete round only: regions slowing down together reach their slow runs one after
            // the other, and are the check's degradation, not a regional slowdown first
            IncidentRecord opened = new IncidentRecord(ids.get(), IncidentKind.REGIONAL_DEGRADED, subject.check(), now,
                    degraded, null, slowSummary(degraded, history, policy), true);
            open.put(IncidentKind.REGIONAL_DEGRADED, opened);
            writes.add(opened);
            announcements.add(new Decision.Announcement(EventType.REGIONAL_DEGRADED, opened, degraded));
        }

        State state = maintenance ? State.MAINTENANCE
                : voting.isEmpty() || !enough ? State.UNKNOWN
                : open.containsKey(IncidentKind.OUTAGE) ? State.OUTAGE
                : !failing.isEmpty() || open.containsKey(IncidentKind.REGIONAL) ? State.REGIONAL_FAILURE
                : open.containsKey(IncidentKind.DEGRADED) ? State.DEGRADED
                : State.OPERATIONAL;
        CheckRecord before = previous.check();
        CheckRecord after = new CheckRecord(subject.check(), state, state == before.state() ? before.since() : now,
                idOf(open, IncidentKind.OUTAGE), idOf(open, IncidentKind.REGIONAL), idOf(open, IncidentKind.DEGRADED),
                idOf(open, IncidentKind.REGIONAL_DEGRADED), before.version());
        boolean changed = before.version() < 0 || !after.sameAs(before) || !writes.isEmpty()
                || !decided.equals(previous.regions());
        // what is written of an outage or a regional failure carries the errors that kept it open so far
        Map<String, IncidentRecord> tallied = new LinkedHashMap<>();
        writes.forEach(i -> tallied.put(i.id(), tallied(i, history, subject.interval())));
        return new Decision(after, List.copyOf(decided.values()), writes.stream().map(i -> tallied.get(i.id())).toList(),
                announcements.stream().map(a -> new Decision.Announcement(a.type(),
                        tallied.getOrDefault(a.incident().id(), a.incident()), a.regions(), a.supersedes())).toList(),
                changed);
    }

    /**
     * Marks the opening announced in this decision as ending an incident silently, so that a
     * receiver that keeps incidents open by id (a pager) can close it.
     */
    private static void supersede(List<Decision.Announcement> announcements, EventType opening, String incidentId) {
        announcements.replaceAll(a -> a.type() == opening ? a.superseding(incidentId) : a);
    }

    /**
     * An outage or a regional failure with the errors its regions' failed runs ended with, from the
     * round that opened it until it ended (or until now while open); a slowdown as it is.
     */
    private static IncidentRecord tallied(IncidentRecord incident, RegionHistory history, Duration interval) {
        if (!incident.aboutFailures()) {
            return incident;
        }
        List<IncidentErrors.Seen> seen = new ArrayList<>();
        for (String region : incident.regions()) {
            seen.addAll(history.errorsBetween(region, incident.openedAt().minus(interval), incident.resolvedAt()));
        }
        return incident.withErrors(IncidentErrors.of(seen));
    }

    /**
     * The ended incident with the runs of its regions from the round that opened it until it cleared,
     * and how many of them failed: its failure rate (a flapping target's is well under 1).
     */
    private static IncidentRecord counted(IncidentRecord ended, java.util.Collection<String> regions,
            RegionHistory history, Duration interval) {
        int runs = 0;
        int failed = 0;
        for (String region : regions) {
            RegionHistory.Runs n = history.runsBetween(region, ended.openedAt().minus(interval), ended.resolvedAt());
            runs += n.runs();
            failed += n.failed();
        }
        return ended.counted(runs, failed);
    }

    /**
     * When an outage or a regional failure that is clear ends: once it has been open {@code minOpen},
     * and, when its trouble came back after it had cleared (flapping), once it has stayed clear
     * {@code reopenWithin}.
     */
    private record Flaps(Duration minOpen, Duration reopenWithin) {
        /** Whether trouble now continues this incident that ended (announced) less than {@code reopenWithin} ago. */
        boolean reopens(IncidentRecord ended, Instant now) {
            return ended != null && ended.notified() && ended.resolvedAt() != null
                    && now.isBefore(ended.resolvedAt().plus(reopenWithin));
        }

        boolean ends(IncidentRecord incident, Instant now) {
            return incident.clearedAt() != null && !now.isBefore(incident.openedAt().plus(minOpen))
                    && (!incident.flapping() || !now.isBefore(incident.clearedAt().plus(reopenWithin)));
        }
    }

    /**
     * Whether a failure is known to be regional: every passing voting region has reported since the
     * failing regions' first failure, and each failing region failed within an interval of the
     * latest report (and none of them is recovering: its latest run passed). Until then it is held back, so that a site going down (or coming back)
     * everywhere, whose regions report one after the other, is announced once, as an outage, and
     * not also as a regional failure. A region that stops reporting stops voting and holds nothing back.
     */
    private static boolean othersHeard(List<String> failing, List<String> passing, Map<String, Vote> failingVotes,
            Map<String, Instant> heardAt, Duration interval) {
        if (!failingVotes.keySet().containsAll(failing)) {
            return false; // a failing region whose latest run passed is recovering, not failing anew
        }
        Instant onset = failing.stream().map(failingVotes::get).map(Vote::startedAt)
                .min(Comparator.naturalOrder()).orElse(null);
        Instant latest = passing.stream().map(heardAt::get).max(Comparator.naturalOrder()).orElse(null);
        if (onset == null || latest == null) {
            return true;
        }
        return passing.stream().allMatch(r -> !heardAt.get(r).isBefore(onset))
                && failing.stream().allMatch(r -> heardAt.get(r).isAfter(latest.minus(interval)));
    }

    private RegionRecord region(String region, List<Vote> counted, RegionRecord before, OutagePolicy policy,
            RegionHistory history, boolean maintenance, Instant now) {
        boolean failing = before.failing();
        boolean degraded = false;
        String lastError = before.lastError();
        boolean voting = !counted.isEmpty();
        if (voting) {
            long failed = counted.stream().filter(v -> !v.ok()).count();
            boolean latestFailing = failed > counted.size() - failed;
            if (!before.failing()) {
                failing = latestFailing && (policy.failures() <= 1
                        || history.failuresSince(region, now.minus(policy.within())) >= policy.failures());
            } else if (!latestFailing) {
                if (policy.recovery() <= 1) {
                    failing = false;
                } else {
                    List<Boolean> runs = history.lastOutcomes(region, policy.recovery());
                    failing = !(runs.size() >= policy.recovery() && runs.stream().allMatch(ok -> ok));
                }
            }
            lastError = counted.stream().filter(v -> !v.ok()).max(Comparator.comparing(Vote::startedAt))
                    .map(Vote::errorMessage).orElse(lastError);
            degraded = degraded(region, counted, before.degraded(), failing || latestFailing, policy, history);
        }
        State state = maintenance ? State.MAINTENANCE
                : !voting ? State.UNKNOWN
                : failing ? State.OUTAGE
                : degraded ? State.DEGRADED
                : State.OPERATIONAL;
        return new RegionRecord(region, state, state == before.state() ? before.since() : now, failing, degraded,
                lastError);
    }

    /**
     * Whether a region is degraded: {@code runs} passed runs in a row that were slow against its
     * baseline or warned (a warn condition did not hold) make it so, as many that were neither end
     * it. Warnings count whether or not latency is judged ({@code degraded: false} turns off only
     * the baseline), and need no history.
     */
    private static boolean degraded(String region, List<Vote> counted, boolean before, boolean failing,
            OutagePolicy policy, RegionHistory history) {
        OutagePolicy.Degraded rule = policy.degraded();
        Vote latestPassed = counted.stream().filter(Vote::ok).max(Comparator.comparing(Vote::startedAt)).orElse(null);
        boolean warnedNow = latestPassed != null && latestPassed.warned();
        if (!rule.enabled() && !warnedNow && !before) {
            return false;
        }
        OptionalDouble baseline = rule.enabled() ? history.baseline(region, rule.percentile()) : OptionalDouble.empty();
        java.util.function.Predicate<RegionHistory.PassedRun> troubled = run -> run.warned()
                || baseline.isPresent() && slow(run.durationMs(), baseline.getAsDouble(), rule);
        boolean latestTroubled = latestPassed != null
                && troubled.test(new RegionHistory.PassedRun(latestPassed.durationMs(), latestPassed.warning()));
        if (!before && (failing || !latestTroubled)) {
            return false;
        }
        List<RegionHistory.PassedRun> runs = history.lastPassedRuns(region, rule.runs());
        if (runs.size() < rule.runs()) {
            return before;
        }
        if (!before) {
            return runs.stream().allMatch(troubled);
        }
        return runs.stream().anyMatch(troubled);
    }

    static boolean slow(double ms, double baseline, OutagePolicy.Degraded rule) {
        return ms >= baseline * rule.factor() && ms - baseline >= rule.floor().toNanos() / 1e6;
    }

    private static String idOf(Map<IncidentKind, IncidentRecord> open, IncidentKind kind) {
        IncidentRecord r = open.get(kind);
        return r == null ? null : r.id();
    }

    private static String summary(List<String> failing, Map<String, Vote> votes, Map<String, RegionRecord> regions) {
        StringBuilder s = new StringBuilder();
        for (String region : failing) {
            Vote v = votes.get(region);
            String message = v != null && v.errorMessage() != null ? v.errorMessage() : regions.get(region).lastError();
            String kind = v != null && v.errorKind() != null ? v.errorKind() : "failed";
            s.append(s.length() == 0 ? "" : "; ").append(region).append(": ").append(kind)
                    .append(message == null ? "" : " (" + message + ")");
        }
        return s.length() > 2000 ? s.substring(0, 1999) + "…" : s.toString();
    }

    /**
     * Why each region is degraded: the warning its latest passed run ended with, in the words of the
     * run (so the notice names it), or its latest latency against its baseline.
     */
    private static String slowSummary(List<String> degraded, RegionHistory history, OutagePolicy policy) {
        StringBuilder s = new StringBuilder();
        OutagePolicy.Degraded rule = policy.degraded();
        for (String region : degraded) {
            List<RegionHistory.PassedRun> recent = history.lastPassedRuns(region, 1);
            s.append(s.length() == 0 ? "" : "; ").append(region).append(": ");
            if (!recent.isEmpty() && recent.get(0).warned()) {
                s.append("warned: ").append(recent.get(0).warning());
                continue;
            }
            OptionalDouble b = history.baseline(region, rule.percentile());
            s.append(recent.isEmpty() ? "?" : String.format(java.util.Locale.ROOT, "%.1f ms", recent.get(0).durationMs()))
                    .append(" against a p").append(rule.percentile()).append(" baseline of ")
                    .append(b.isEmpty() ? "?" : String.format(java.util.Locale.ROOT, "%.1f ms", b.getAsDouble()));
        }
        return s.length() > 2000 ? s.substring(0, 1999) + "…" : s.toString();
    }
}
