package org.glassprobe.api.liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.liveness.LivenessStore.DeafPeriod;
import org.glassprobe.api.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which probes are alive: a heartbeat makes a probe up at once; the watchdog (a periodic
 * job) marks a silent probe late and then down. Every change is stored as an event with its time.
 *
 * <p>Silence is counted only while this API could hear: time in which it was stopped, frozen or
 * without its database (a gap between two looks of the watchdog longer than its rhythm allows),
 * or in which heartbeats could not be stored, is a deaf period and counts for no probe. A
 * heartbeat that waited in a queue through such a time (sent long before it was received, as the
 * probe's clock tells) says the probe was alive when it was sent, not now: it brings no probe back
 * up. Status only worsens without a heartbeat: up, late, down; a down probe is never made late.
 */
public final class LivenessService {
    /** A heartbeat received this long after it was sent, across deaf time, is a late one. */
    static final Duration LATE_HEARTBEAT = Duration.ofSeconds(5);
    /** Slack beyond two watchdog periods before a gap between looks is deaf time (scheduling, a GC pause). */
    private static final Duration GAP_SLACK = Duration.ofSeconds(5);

    private final Logger logger = LoggerFactory.getLogger(LivenessService.class);
    private final LivenessStore probes;
    private final Clock clock;
    private final Duration lateAfter;
    private final Duration downAfter;
    private final Duration deafAfter;
    private final Object missedLock = new Object();
    private final AtomicBoolean looked = new AtomicBoolean();
    private Instant missedSince;

    public LivenessService(LivenessStore probes, Clock clock, ApiConfig.Liveness settings) {
        this.probes = probes;
        this.clock = clock;
        this.lateAfter = settings.lateAfter();
        this.downAfter = settings.downAfter();
        this.deafAfter = settings.every().multipliedBy(2).plus(GAP_SLACK);
    }

    /** A gap between two looks of the watchdog longer than this is time the API could not hear. */
    public Duration deafAfter() {
        return deafAfter;
    }

    public Optional<ProbeEvent> heartbeat(Caller.ProbeCaller caller, Heartbeat beat) {
        Instant received = clock.instant();
        try {
            Probe before = probes.findById(caller.id()).orElseThrow(() -> new IllegalStateException("probe "
                    + caller.name() + " is not enrolled any more"));
            LivenessStore.HeartbeatWrite write = judge(before, beat, received);
            Optional<ProbeEvent> event = probes.heartbeat(caller, write);
            event.ifPresent(this::log);
            if (write.late()) {
                logger.atInfo().addKeyValue("probe", caller.name()).addKeyValue("sentAt", write.heardAt())
                        .addKeyValue("receivedAt", received)
                        .log("a heartbeat arrived late, after a time this API could not hear: it counts from when it"
                                + " was sent");
            }
            recordMissed(received);
            return event;
        } catch (StoreException e) {
            missed(received);
            throw e;
        }
    }

    /**
     * When the probe was heard: when the heartbeat came, unless its clock (corrected by the probe's
     * known skew) says it was sent over {@link #LATE_HEARTBEAT} earlier and the API could not hear
     * for some of the time between (a heartbeat held in a queue while the API was frozen).
     */
    LivenessStore.HeartbeatWrite judge(Probe before, Heartbeat beat, Instant received) {
        Long skew = beat.clock() == null ? null : beat.clock().toEpochMilli() - received.toEpochMilli();
        if (beat.clock() != null && before.clockSkewMs() != null) {
            Instant sent = beat.clock().minusMillis(before.clockSkewMs());
            if (sent.isBefore(received.minus(LATE_HEARTBEAT)) && deafBetween(sent, received)) {
                return new LivenessStore.HeartbeatWrite(beat, received, sent, before.clockSkewMs(), true);
            }
        }
        return new LivenessStore.HeartbeatWrite(beat, received, received, skew, false);
    }

    private boolean deafBetween(Instant from, Instant to) {
        Optional<Instant> lastTick = probes.lastTick();
        if (lastTick.isPresent() && Duration.between(lastTick.get(), to).compareTo(deafAfter) > 0) {
            return true; // deaf right now: the watchdog has not looked since before the gap
        }
        return probes.deafPeriods(from).stream().anyMatch(d -> d.from().isBefore(to));
    }

    /** A heartbeat could not be stored: the API cannot hear from now until one can be again. */
    private void missed(Instant at) {
        synchronized (missedLock) {
            if (missedSince == null) {
                missedSince = at;
            }
        }
    }

    /** Stores the span in which heartbeats could not be stored, once the database takes writes again. */
    private void recordMissed(Instant now) {
        Instant since;
        synchronized (missedLock) {
            since = missedSince;
            missedSince = null;
        }
        if (since != null) {
            DeafPeriod d = new DeafPeriod(since, now, "heartbeats could not be stored (the database failed)");
            try {
                probes.deaf(d);
                logDeaf(d);
            } catch (StoreException e) {
                missed(since);
            }
        }
    }

    /** One look at every probe: the watchdog's work. Returns the changes made. */
    public List<ProbeEvent> evaluate() {
        Instant now = clock.instant();
        // This process's first look: since the last look of any API (this one before a restart, or
        // another replica), this process did not listen, however short that was. A restart quicker
        // than deafAfter is deaf time too, or a probe whose heartbeats failed meanwhile could be
        // called down for them (with a short down-after).
        probes.tick(now, looked.getAndSet(true) ? deafAfter : Duration.ZERO).ifPresent(this::logDeaf);
        recordMissed(now);
        List<Probe> all = probes.list();
        Instant earliest = all.stream().filter(p -> p.lastHeartbeatAt() != null && p.status() != ProbeStatus.DOWN)
                .map(Probe::lastHeartbeatAt).min(Instant::compareTo).orElse(now);
        List<DeafPeriod> deaf = probes.deafPeriods(earliest);
        List<ProbeEvent> changes = new ArrayList<>();
        for (Probe probe : all) {
            expected(probe, now, deaf).flatMap(to -> probes.transition(probe, to, now)).ifPresent(event -> {
                log(event);
                changes.add(event);
            });
        }
        return changes;
    }

    /** The status a probe should have now, when it is worse than the one it has. */
    Optional<ProbeStatus> expected(Probe probe, Instant now, List<DeafPeriod> deaf) {
        if (probe.lastHeartbeatAt() == null || probe.status() == ProbeStatus.NEW || probe.status() == ProbeStatus.DOWN) {
            return Optional.empty(); // never heard from: new, not down; down: only a heartbeat changes it
        }
        Duration silence = heardSilence(probe.lastHeartbeatAt(), now, deaf);
        ProbeStatus should = silence.compareTo(downAfter) >= 0 ? ProbeStatus.DOWN
                : silence.compareTo(lateAfter) >= 0 ? ProbeStatus.LATE : ProbeStatus.UP;
        return should.ordinal() > probe.status().ordinal() ? Optional.of(should) : Optional.empty();
    }

    /** The time from {@code since} to {@code now} in which the API could hear. */
    static Duration heardSilence(Instant since, Instant now, List<DeafPeriod> deaf) {
        long silent = Math.max(0, now.toEpochMilli() - since.toEpochMilli());
        long covered = 0;
        long upTo = since.toEpochMilli();
        for (DeafPeriod d : deaf) { // oldest first; overlaps are counted once
            long from = Math.max(upTo, d.from().toEpochMilli());
            long to = Math.min(now.toEpochMilli(), d.to().toEpochMilli());
            if (to > from) {
                covered += to - from;
                upTo = to;
            }
        }
        return Duration.ofMillis(Math.max(0, silent - covered));
    }

    private void logDeaf(DeafPeriod d) {
        logger.atWarn().addKeyValue("from", d.from()).addKeyValue("to", d.to()).addKeyValue("reason", d.reason())
                .log("this API could not hear its probes for a while; that time counts as no probe's silence");
    }

    private void log(ProbeEvent e) {
        var builder = e.to() == ProbeStatus.DOWN ? logger.atWarn() : logger.atInfo();
        builder.addKeyValue("probe", e.probe()).addKeyValue("region", e.region())
                .addKeyValue("from", e.from().wireName()).addKeyValue("to", e.to().wireName())
                .addKeyValue("lastHeartbeat", e.lastHeartbeatAt()).log("probe liveness changed");
    }
}
