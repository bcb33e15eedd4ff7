package org.glassprobe.api.confirm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where confirmation rounds, their asks and the probes' budgets are kept (shared by every API replica). */
public interface ConfirmationStore {
    /**
     * A round to start, if the check's bound allows it.
     *
     * @param targets the probes to ask, with their regions
     */
    record Request(String id, String check, String reason, Round.Trigger trigger, Instant now, Instant deadline,
            List<Round.Ask> targets) {}

    /**
     * Starts the round in one transaction, unless the check had a round within {@code period} or its
     * last round was caused by a run that started no earlier than this one's. Each target probe is
     * asked only while it was asked fewer than {@code maxPerProbePerMinute} times in the minute
     * before now, counted under a lock of its budget, so that replicas starting rounds at once
     * cannot ask it for more. Empty: no round (the bound holds).
     */
    Optional<Round> start(Request request, Duration period, int maxPerProbePerMinute);

    /** Whether the check has a round before its deadline with a probe that has not answered. */
    boolean awaiting(String check, Instant now);

    /** Marks the asks these confirmation results answer (a result of a probe not asked changes nothing). */
    void answered(String probe, List<Answer> answers, Instant now);

    /** A stored confirmation result: the round it answers, its id and outcome. */
    record Answer(String round, String result, boolean ok) {}

    /** Every probe's unanswered asks of rounds before their deadline, as commands, oldest first. */
    List<Command> pending(Instant now);

    /** The check's latest rounds, newest first. */
    List<Round> recent(String check, int limit);

    /** Deletes rounds (and their asks) created before {@code before}; returns how many. */
    int prune(Instant before);
}
