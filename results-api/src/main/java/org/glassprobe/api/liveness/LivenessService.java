package org.glassprobe.api.liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.probes.Probe;
import org.glassprobe.api.store.ProbeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which probes are alive: a heartbeat makes a probe up at once; the watchdog (a periodic
 * job) marks a silent probe late and then down. Every change is stored as an event with its time.
 */
public final class LivenessService {
    private final Logger logger = LoggerFactory.getLogger(LivenessService.class);
    private final ProbeStore probes;
    private final Clock clock;
    private final Duration lateAfter;
    private final Duration downAfter;
    private volatile Instant listeningSince;

    public LivenessService(ProbeStore probes, Clock clock, ApiConfig.Liveness settings) {
        this.probes = probes;
        this.clock = clock;
        this.listeningSince = clock.instant();
        this.lateAfter = settings.lateAfter();
        this.downAfter = settings.downAfter();
    }

    /** The API now takes heartbeats: a probe's silence counts from now at the earliest. */
    public void listening() {
        listeningSince = clock.instant();
    }

    public Optional<ProbeEvent> heartbeat(Caller.ProbeCaller probe, Heartbeat beat) {
        Optional<ProbeEvent> event = probes.heartbeat(probe.id(), beat, clock.instant());
        event.ifPresent(this::log);
        return event;
    }

    /** One look at every probe: the watchdog's work. Returns the changes made. */
    public List<ProbeEvent> evaluate() {
        Instant now = clock.instant();
        List<ProbeEvent> changes = new ArrayList<>();
        for (Probe probe : probes.list()) {
            expected(probe, now).flatMap(to -> probes.transition(probe, to, now)).ifPresent(event -> {
                log(event);
                changes.add(event);
            });
        }
        return changes;
    }

    /** The status a probe should have now, when it differs from the one it has. */
    Optional<ProbeStatus> expected(Probe probe, Instant now) {
        if (probe.lastHeartbeatAt() == null || probe.status() == ProbeStatus.NEW) {
            return Optional.empty(); // never heard from: it is new, not down
        }
        // silence counts from this API's start at the earliest: while it was stopped it heard no
        // heartbeats, and a restarted API must not report every probe down (probe.down webhooks)
        Instant heardOrListening = probe.lastHeartbeatAt().isAfter(listeningSince) ? probe.lastHeartbeatAt()
                : listeningSince;
        Duration silence = Duration.between(heardOrListening, now);
        ProbeStatus should = silence.compareTo(downAfter) >= 0 ? ProbeStatus.DOWN
                : silence.compareTo(lateAfter) >= 0 ? ProbeStatus.LATE : ProbeStatus.UP;
        if (should == probe.status() || should == ProbeStatus.UP) {
            return Optional.empty(); // only a heartbeat brings a probe back up
        }
        return Optional.of(should);
    }

    private void log(ProbeEvent e) {
        var builder = e.to() == ProbeStatus.DOWN ? logger.atWarn() : logger.atInfo();
        builder.addKeyValue("probe", e.probe()).addKeyValue("region", e.region())
                .addKeyValue("from", e.from().wireName()).addKeyValue("to", e.to().wireName())
                .addKeyValue("lastHeartbeat", e.lastHeartbeatAt()).log("probe liveness changed");
    }
}
