package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.liveness.Heartbeat;
import org.glassprobe.api.liveness.LivenessStore;
import org.glassprobe.api.liveness.LivenessStore.DeafPeriod;
import org.glassprobe.api.liveness.LivenessStore.HeartbeatWrite;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.liveness.ProbeEvent;
import org.glassprobe.api.liveness.ProbeStatus;
import org.glassprobe.api.probes.ProbeStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link LivenessStore} promises, on H2 and on PostgreSQL; probes are enrolled through {@link ProbeStore}. */
class LivenessStoreContractTest extends StoreDatabases {
    private static final Heartbeat BEAT = new Heartbeat("1.4.2", T0.minusSeconds(3600), 2L, 3, "spool full",
            T0.plusMillis(250), 12.5, 80.0, 1L);
    private static final Heartbeat EMPTY = new Heartbeat(null, null, null, null, null, null, null, null, null);

    private LivenessStore liveness;
    private ProbeStore probes;

    private Caller.ProbeCaller enrol(String database, String name) throws Exception {
        if (liveness == null) {
            Database db = open(database);
            liveness = new JdbcProbeStore(db, Json.newMapper());
            probes = new JdbcProbeStore(db, Json.newMapper());
        }
        Probe p = probes.enrol(name, "eu-west", Map.of(), "hash-" + name, T0);
        return new Caller.ProbeCaller(p.id(), p.name(), p.region());
    }

    private Probe probe(Caller.ProbeCaller caller) {
        return liveness.findById(caller.id()).orElseThrow();
    }

    private static HeartbeatWrite heard(Heartbeat beat, Instant at, Long skewMs) {
        return new HeartbeatWrite(beat, at, at, skewMs, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void list_and_findById_read_every_probe_with_its_last_heartbeat(String database) throws Exception {
        Caller.ProbeCaller heardFrom = enrol(database, "eu-1");
        Caller.ProbeCaller silent = enrol(database, "eu-2");
        liveness.heartbeat(heardFrom, heard(BEAT, T0.plusSeconds(5), 250L));

        assertThat(liveness.list()).extracting(Probe::name, Probe::status)
                .containsExactly(tuple("eu-1", ProbeStatus.UP),
                        tuple("eu-2", ProbeStatus.NEW));
        assertThat(liveness.findById(heardFrom.id())).isEqualTo(Optional.of(liveness.list().get(0)));
        assertThat(probe(heardFrom).lastHeartbeat()).as("every field the heartbeat said").isEqualTo(BEAT);
        assertThat(probe(silent).lastHeartbeat()).isEqualTo(EMPTY);
        assertThat(liveness.findById(heardFrom.id() + silent.id() + 1000)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void heartbeat_brings_a_probe_up_once_and_moves_its_last_moment_alive_forward_only(String database)
            throws Exception {
        Caller.ProbeCaller caller = enrol(database, "eu-1");

        Optional<ProbeEvent> up = liveness.heartbeat(caller, heard(BEAT, T0.plusSeconds(5), 250L));
        assertThat(up).contains(new ProbeEvent(up.orElseThrow().id(), caller.id(), "eu-1", "eu-west",
                T0.plusSeconds(5), ProbeStatus.NEW, ProbeStatus.UP, null));
        Probe p = probe(caller);
        assertThat(p.status()).isEqualTo(ProbeStatus.UP);
        assertThat(p.statusSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(p.lastHeartbeatAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(p.clockSkewMs()).isEqualTo(250L);

        assertThat(liveness.heartbeat(caller, heard(EMPTY, T0.plusSeconds(10), 300L))).as("up already").isEmpty();
        assertThat(liveness.heartbeat(caller, heard(EMPTY, T0.plusSeconds(8), 300L)))
                .as("one received earlier, written later").isEmpty();
        p = probe(caller);
        assertThat(p.lastHeartbeatAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(p.statusSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(p.clockSkewMs()).isEqualTo(300L);
        assertThat(probes.events(caller.id(), 10)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_late_heartbeat_moves_the_last_moment_alive_but_brings_no_probe_up_nor_changes_its_skew(String database)
            throws Exception {
        Caller.ProbeCaller caller = enrol(database, "eu-1");
        liveness.heartbeat(caller, heard(EMPTY, T0, 250L));
        liveness.transition(probe(caller), ProbeStatus.DOWN, T0.plusSeconds(90));

        assertThat(liveness.heartbeat(caller, new HeartbeatWrite(BEAT, T0.plusSeconds(120), T0.plusSeconds(60), null,
                true))).isEmpty();
        Probe p = probe(caller);
        assertThat(p.status()).isEqualTo(ProbeStatus.DOWN);
        assertThat(p.statusSince()).isEqualTo(T0.plusSeconds(90));
        assertThat(p.lastHeartbeatAt()).as("alive when it was sent").isEqualTo(T0.plusSeconds(60));
        assertThat(p.clockSkewMs()).isEqualTo(250L);

        Optional<ProbeEvent> back = liveness.heartbeat(caller, heard(EMPTY, T0.plusSeconds(125), 260L));
        assertThat(back).as("with the heartbeat before the silence it ends").contains(new ProbeEvent(
                back.orElseThrow().id(), caller.id(), "eu-1", "eu-west", T0.plusSeconds(125), ProbeStatus.DOWN,
                ProbeStatus.UP, T0.plusSeconds(60)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void transition_moves_a_probe_as_it_was_seen_and_loses_against_a_heartbeat_that_arrived_meanwhile(
            String database) throws Exception {
        Caller.ProbeCaller caller = enrol(database, "eu-1");
        liveness.heartbeat(caller, heard(EMPTY, T0, 0L));
        Probe seen = probe(caller);
        liveness.heartbeat(caller, heard(EMPTY, T0.plusSeconds(20), 0L));

        assertThat(liveness.transition(seen, ProbeStatus.LATE, T0.plusSeconds(40))).isEmpty();
        assertThat(probe(caller).status()).isEqualTo(ProbeStatus.UP);

        Probe seenAgain = probe(caller);
        Optional<ProbeEvent> late = liveness.transition(seenAgain, ProbeStatus.LATE, T0.plusSeconds(40));
        assertThat(late).contains(new ProbeEvent(late.orElseThrow().id(), caller.id(), "eu-1", "eu-west",
                T0.plusSeconds(40), ProbeStatus.UP, ProbeStatus.LATE, T0.plusSeconds(20)));
        assertThat(probe(caller).status()).isEqualTo(ProbeStatus.LATE);
        assertThat(probe(caller).statusSince()).isEqualTo(T0.plusSeconds(40));
        assertThat(liveness.transition(seenAgain, ProbeStatus.DOWN, T0.plusSeconds(60)))
                .as("its status changed since it was seen").isEmpty();

        Caller.ProbeCaller neverHeard = enrol(database, "eu-2");
        assertThat(liveness.transition(probe(neverHeard), ProbeStatus.DOWN, T0.plusSeconds(300)))
                .as("a probe never heard from").hasValueSatisfying(e -> {
                    assertThat(e.from()).isEqualTo(ProbeStatus.NEW);
                    assertThat(e.lastHeartbeatAt()).isNull();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tick_stores_the_time_the_watchdog_did_not_look_as_a_deaf_period(String database) throws Exception {
        enrol(database, "eu-1");
        Duration deafAfter = Duration.ofSeconds(30);
        assertThat(liveness.lastTick()).isEmpty();

        assertThat(liveness.tick(T0, deafAfter)).isEmpty();
        assertThat(liveness.lastTick()).contains(T0);
        assertThat(liveness.tick(T0.plusSeconds(10), deafAfter)).isEmpty();
        assertThat(liveness.tick(T0.plusSeconds(5), deafAfter)).as("a look at an earlier time").isEmpty();
        assertThat(liveness.lastTick()).contains(T0.plusSeconds(10));
        assertThat(liveness.tick(T0.plusSeconds(40), deafAfter)).as("exactly deafAfter is not more").isEmpty();

        Optional<DeafPeriod> deaf = liveness.tick(T0.plusSeconds(160), deafAfter);
        assertThat(deaf).map(DeafPeriod::from).contains(T0.plusSeconds(40));
        assertThat(deaf).map(DeafPeriod::to).contains(T0.plusSeconds(160));
        assertThat(deaf.orElseThrow().reason()).contains("120 s");
        assertThat(liveness.lastTick()).contains(T0.plusSeconds(160));
        assertThat(liveness.deafPeriods(T0)).containsExactly(deaf.orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deafPeriods_are_those_that_ended_after_a_time_oldest_first(String database) throws Exception {
        enrol(database, "eu-1");
        DeafPeriod now = new DeafPeriod(T0, T0.plusSeconds(60), "the database could not be reached");
        DeafPeriod before = new DeafPeriod(T0.minusSeconds(600), T0.minusSeconds(300), "stopped");
        DeafPeriod after = new DeafPeriod(T0.plusSeconds(100), T0.plusSeconds(200), "frozen");
        liveness.deaf(now);
        liveness.deaf(after);
        liveness.deaf(before);

        assertThat(liveness.deafPeriods(T0.minusSeconds(1000))).containsExactly(before, now, after);
        assertThat(liveness.deafPeriods(T0.plusSeconds(59))).containsExactly(now, after);
        assertThat(liveness.deafPeriods(T0.plusSeconds(60))).containsExactly(after);
        assertThat(liveness.deafPeriods(T0.plusSeconds(200))).isEmpty();
    }
}
