package org.glassprobe.api.confirm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.glassprobe.api.metrics.ApiMetrics;
import org.glassprobe.api.outage.Confirmer;
import org.glassprobe.api.outage.Previous;
import org.glassprobe.api.outage.RegionRecord;
import org.glassprobe.api.outage.Subject;
import org.glassprobe.api.outage.Vote;
import org.glassprobe.api.outage.Voter;
import org.glassprobe.api.storage.StoreException;
import org.glassprobe.scenarios.result.Confirmation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirmation runs (docs/check-language.md, Outage decisions): when a region's latest run fails
 * while the region was not failing, every other live probe of the check is asked to run it at
 * once; when a failing region's run passes, every live probe of the check is (so that each region
 * reaches its {@code recovery} runs together). The decision goes on as their results arrive; while
 * a round awaits answers, a failure is not announced as regional. At most one round per check per
 * {@code period}, and a probe is asked at most {@code maxRunsPerMinute} times in any minute.
 *
 * <p>The probes hear of their commands on a long-lived request ({@link #commands}): a command
 * decided on any replica is in the shared database, which every replica looks at every 100 ms
 * while a probe waits on it.
 */
public final class ConfirmationService implements Confirmer {
    /** The longest a probe's request waits for a command. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(25);
    /** How long rounds are kept, for the check's page and the API. */
    static final Duration KEEP = Duration.ofDays(7);
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(5);

    private final Logger logger = LoggerFactory.getLogger(ConfirmationService.class);
    private final ConfirmationStore store;
    private final ApiMetrics metrics;
    private final Options options;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /** Per check, the run a round was last tried for on this replica: a decision about the same run tries no more. */
    private final Map<String, String> tried = new ConcurrentHashMap<>();
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "confirm-commands");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param period           at most one round per check in this period
     * @param minInterval      checks that run more often are not confirmed (their next run comes as soon)
     * @param maxRunsPerMinute how often one probe may be asked in any minute (0: never)
     * @param grace            how long past its check's rhythm a result still votes (as the decisions take it)
     * @param maxRetryDelay    the longest pause a probe makes before a retry (a round waits for it)
     * @param maxWaiters       probes whose requests may wait at once; beyond, one is answered at once
     */
    public record Options(Duration period, Duration minInterval, int maxRunsPerMinute, Duration grace,
            Duration maxRetryDelay,
            int maxWaiters, Clock clock) {}

    public ConfirmationService(ConfirmationStore store, ApiMetrics metrics, Options options) {
        this.store = store;
        this.metrics = metrics;
        this.options = options;
        looker.scheduleWithFixedDelay(this::look, LOOK_EVERY.toMillis(), LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean confirming(Subject subject, List<Voter> voters, List<Vote> votes, Previous previous,
            boolean maintenance, Instant now) {
        if (!subject.policy().confirm() || options.maxRunsPerMinute() <= 0
                || subject.interval().compareTo(options.minInterval()) < 0) {
            return false;
        }
        try {
            if (!maintenance) {
                trigger(subject, voters, votes, previous, now)
                        .filter(t -> !t.vote().resultId().equals(tried.put(subject.check(), t.vote().resultId())))
                        .ifPresent(t -> start(subject, voters, t, now));
            }
            return store.awaiting(subject.check(), now);
        } catch (StoreException e) {
            logger.atWarn().addKeyValue("check", subject.check()).addKeyValue("error", e.getMessage())
                    .log("confirmation runs skipped: the database failed; the decision waits for the schedules");
            return false;
        }
    }

    /** The run that calls for a round: the newest fresh vote of a live probe that fails a passing region or passes a failing one. */
    private Optional<Trigger> trigger(Subject subject, List<Voter> voters, List<Vote> votes, Previous previous,
            Instant now) {
        Set<String> live = voters.stream().filter(Voter::alive).map(Voter::probe).collect(Collectors.toSet());
        Instant fresh = now.minus(subject.votesFor(options.grace()));
        Trigger newest = null;
        for (Vote v : votes) {
            if (!live.contains(v.probe()) || v.startedAt().isBefore(fresh) || "probe".equals(v.errorKind())
                    || !subject.regions().isEmpty() && !subject.regions().contains(v.region())) {
                continue;
            }
            RegionRecord region = previous.regions().get(v.region());
            boolean failing = region != null && region.failing();
            String reason = !v.ok() && !failing ? Confirmation.FAILURE : v.ok() && failing ? Confirmation.RECOVERY : null;
            if (reason != null && (newest == null || v.startedAt().isAfter(newest.vote().startedAt()))) {
                newest = new Trigger(v, reason);
            }
        }
        return Optional.ofNullable(newest);
    }

    private record Trigger(Vote vote, String reason) {}

    private void start(Subject subject, List<Voter> voters, Trigger trigger, Instant now) {
        Vote v = trigger.vote();
        boolean recovery = trigger.reason().equals(Confirmation.RECOVERY);
        List<Round.Ask> targets = voters.stream()
                .filter(p -> p.alive() && (subject.regions().isEmpty() || subject.regions().contains(p.region())))
                .filter(p -> recovery || !p.probe().equals(v.probe()))
                .sorted(Comparator.comparing(Voter::probe))
                .map(p -> new Round.Ask(p.probe(), p.region(), null, null, null)).toList();
        if (targets.isEmpty()) {
            return;
        }
        Optional<Round> round = store.start(new ConfirmationStore.Request(UUID.randomUUID().toString(),
                subject.check(), trigger.reason(), new Round.Trigger(v.probe(), v.region(), v.resultId(), v.startedAt()),
                now, now.plus(deadline(subject)), targets), options.period(), options.maxRunsPerMinute());
        round.ifPresent(r -> {
            metrics.confirmationRound(r.reason(), r.asks().size(), r.skipped().size());
            var event = r.skipped().isEmpty() ? logger.atInfo() : logger.atWarn();
            event.addKeyValue("check", r.check()).addKeyValue("reason", r.reason()).addKeyValue("round", r.id())
                    .addKeyValue("trigger", v.probe() + " (" + v.region() + ")")
                    .addKeyValue("asked", r.asks().stream().map(Round.Ask::probe).collect(Collectors.joining(",")))
                    .addKeyValue("skipped", String.join("; ", r.skipped()))
                    .log(r.skipped().isEmpty() ? "confirmation round started"
                            : "confirmation round started; some probes were not asked: over their budget of runs per"
                                    + " minute (outages.confirm-max-runs-per-minute)");
            looker.execute(this::look); // the waiting probes hear of it now, not at the next look
        });
    }

    /**
     * How long a round's answers are waited for: the probe may first finish a run of the check in
     * progress, then runs it with its retries, then ships the result.
     */
    private Duration deadline(Subject subject) {
        Duration run = subject.timeout().multipliedBy(subject.retries() + 1L)
                .plus(options.maxRetryDelay().multipliedBy(subject.retries()));
        return run.multipliedBy(2).plus(ANSWER_GRACE);
    }

    /** Marks the asks these stored confirmation results answer; never throws (the deadline ends the round anyway). */
    public void answered(String probe, List<ConfirmationStore.Answer> answers) {
        if (answers.isEmpty()) {
            return;
        }
        try {
            store.answered(probe, answers, options.clock().instant());
        } catch (StoreException e) {
            logger.atWarn().addKeyValue("probe", probe).addKeyValue("error", e.getMessage())
                    .log("confirmation answers not marked: the database failed; their rounds end at their deadline");
        }
    }

    /** The check's latest rounds, newest first. */
    public List<Round> recent(String check, int limit) {
        return store.recent(check, limit);
    }

    /** Deletes rounds older than a week (the retention job). */
    public int prune() {
        return store.prune(options.clock().instant().minus(KEEP));
    }

    /**
     * The probe's pending commands: at once when one is not among {@code have}, else once one is
     * or {@code wait} has passed (with what there is then).
     */
    public CompletableFuture<List<Command>> commands(String probe, Set<String> have, Duration wait) {
        List<Command> now = pendingFor(store.pending(options.clock().instant()), probe);
        if (wait.isZero() || hasNew(now, have)) {
            return CompletableFuture.completedFuture(now);
        }
        if (waiters.size() >= options.maxWaiters()) {
            logger.atWarn().addKeyValue("probe", probe).addKeyValue("waiters", options.maxWaiters())
                    .log("too many probes wait for commands; answering at once");
            return CompletableFuture.completedFuture(now);
        }
        Waiter w = new Waiter(probe, Set.copyOf(have), System.nanoTime() + wait.toNanos(), new CompletableFuture<>());
        waiters.add(w);
        return w.answer();
    }

    /** Probes waiting for commands on this replica now. */
    public int waiting() {
        return waiters.size();
    }

    private record Waiter(String probe, Set<String> have, long until, CompletableFuture<List<Command>> answer) {}

    /** Looks in the database for the waiting probes: answers those with a new command and those whose wait is over. */
    private synchronized void look() {
        if (waiters.isEmpty()) {
            return;
        }
        List<Command> pending;
        try {
            pending = store.pending(options.clock().instant());
        } catch (RuntimeException e) {
            logger.atDebug().addKeyValue("error", e.getMessage()).log("cannot read pending commands; looking again");
            pending = null;
        }
        long now = System.nanoTime();
        Map<String, List<Command>> byProbe = pending == null ? Map.of()
                : pending.stream().collect(Collectors.groupingBy(Command::probe));
        for (Waiter w : new ArrayList<>(waiters)) {
            List<Command> mine = byProbe.getOrDefault(w.probe(), List.of());
            if (pending != null && hasNew(mine, w.have()) || now - w.until() >= 0) {
                waiters.remove(w);
                w.answer().complete(mine);
            }
        }
    }

    private static List<Command> pendingFor(List<Command> pending, String probe) {
        return pending.stream().filter(c -> c.probe().equals(probe)).toList();
    }

    private static boolean hasNew(List<Command> commands, Set<String> have) {
        return commands.stream().anyMatch(c -> !have.contains(c.id()));
    }

    /** Stops looking; the waiting requests are answered with nothing new. */
    public void stop() {
        looker.shutdownNow();
        for (Waiter w : new ArrayList<>(waiters)) {
            waiters.remove(w);
            w.answer().complete(List.of());
        }
    }
}
