package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.passed;

import java.util.List;
import java.util.Map;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.ingest.IngestStore;
import org.glassprobe.api.liveness.Heartbeat;
import org.glassprobe.api.liveness.LivenessStore;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.liveness.ProbeEvent;
import org.glassprobe.api.liveness.ProbeStatus;
import org.glassprobe.api.page.RecentResults;
import org.glassprobe.api.probes.ProbeStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link ProbeStore} promises, on H2 and on PostgreSQL. A token is checked where the API
 * checks it, {@link JdbcProbeStore#byTokenHash} (access control's, not this interface's); events
 * are made through {@link LivenessStore}.
 */
class ProbeStoreContractTest extends StoreDatabases {
    private static final Heartbeat EMPTY = new Heartbeat(null, null, null, null, null, null, null, null, null);

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void enrol_makes_a_new_probe_and_refuses_a_taken_name(String database) throws Exception {
        ProbeStore probes = new JdbcProbeStore(open(database), Json.newMapper());

        Probe probe = probes.enrol("eu-1", "eu-west", Map.of("provider", "hetzner", "az", "fsn1"), "hash-1", T0);
        assertThat(probe.name()).isEqualTo("eu-1");
        assertThat(probe.region()).isEqualTo("eu-west");
        assertThat(probe.labels()).isEqualTo(Map.of("provider", "hetzner", "az", "fsn1"));
        assertThat(probe.enrolledAt()).isEqualTo(T0);
        assertThat(probe.status()).as("never heard from yet").isEqualTo(ProbeStatus.NEW);
        assertThat(probe.statusSince()).isEqualTo(T0);
        assertThat(probe.lastHeartbeatAt()).isNull();
        assertThat(probe.clockSkewMs()).isNull();

        assertThatThrownBy(() -> probes.enrol("eu-1", "us-east", Map.of(), "hash-2", T0.plusSeconds(1)))
                .isInstanceOf(ProbeStore.DuplicateProbeException.class).hasMessageContaining("'eu-1'");
        assertThat(probes.find("eu-1")).contains(probe);
        assertThat(probes.list()).containsExactly(probe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void list_is_every_probe_by_region_then_name_and_find_one_by_name(String database) throws Exception {
        ProbeStore probes = new JdbcProbeStore(open(database), Json.newMapper());
        collateByLanguage("probes", "region", "name"); // where "EU-c" would sort after "eu-b"
        Probe usB = probes.enrol("us-b", "us-east", Map.of(), "hash-1", T0);
        Probe euB = probes.enrol("eu-b", "eu-west", Map.of(), "hash-2", T0);
        Probe euA = probes.enrol("eu-a", "eu-west", Map.of(), "hash-3", T0);
        Probe euC = probes.enrol("EU-c", "eu-west", Map.of(), "hash-5", T0);
        Probe apac = probes.enrol("Apac-1", "ap-south", Map.of(), "hash-4", T0);

        assertThat(probes.list()).as("by region, then name, character by character")
                .containsExactly(apac, euC, euA, euB, usB);
        assertThat(probes.find("eu-b")).contains(euB);
        assertThat(probes.find("nowhere")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void replaceToken_makes_the_old_token_stop_working_at_once(String database) throws Exception {
        JdbcProbeStore store = new JdbcProbeStore(open(database), Json.newMapper());
        ProbeStore probes = store;
        Probe probe = probes.enrol("eu-1", "eu-west", Map.of(), "old-hash", T0);
        assertThat(store.byTokenHash("old-hash")).contains(new Caller.ProbeCaller(probe.id(), "eu-1", "eu-west"));

        assertThat(probes.replaceToken("eu-1", "new-hash")).isTrue();
        assertThat(store.byTokenHash("old-hash")).isEmpty();
        assertThat(store.byTokenHash("new-hash")).contains(new Caller.ProbeCaller(probe.id(), "eu-1", "eu-west"));
        assertThat(probes.replaceToken("nowhere", "other-hash")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void events_are_a_probes_changes_newest_first(String database) throws Exception {
        Database db = open(database);
        ProbeStore probes = new JdbcProbeStore(db, Json.newMapper());
        LivenessStore liveness = new JdbcProbeStore(db, Json.newMapper());
        Probe probe = probes.enrol("eu-1", "eu-west", Map.of(), "hash-1", T0);
        Probe other = probes.enrol("us-1", "us-east", Map.of(), "hash-2", T0);
        Caller.ProbeCaller caller = new Caller.ProbeCaller(probe.id(), probe.name(), probe.region());
        liveness.heartbeat(caller, new LivenessStore.HeartbeatWrite(EMPTY, T0.plusSeconds(1), T0.plusSeconds(1), 0L,
                false));
        liveness.transition(liveness.findById(probe.id()).orElseThrow(), ProbeStatus.LATE, T0.plusSeconds(40));
        liveness.transition(liveness.findById(probe.id()).orElseThrow(), ProbeStatus.DOWN, T0.plusSeconds(90));
        liveness.transition(liveness.findById(other.id()).orElseThrow(), ProbeStatus.DOWN, T0.plusSeconds(90));

        List<ProbeEvent> events = probes.events(probe.id(), 10);
        assertThat(events).extracting(ProbeEvent::from, ProbeEvent::to, ProbeEvent::at).containsExactly(
                tuple(ProbeStatus.LATE, ProbeStatus.DOWN, T0.plusSeconds(90)),
                tuple(ProbeStatus.UP, ProbeStatus.LATE, T0.plusSeconds(40)),
                tuple(ProbeStatus.NEW, ProbeStatus.UP, T0.plusSeconds(1)));
        assertThat(events).extracting(ProbeEvent::probeId, ProbeEvent::probe, ProbeEvent::region)
                .containsOnly(tuple(probe.id(), "eu-1", "eu-west"));
        assertThat(probes.events(probe.id(), 1)).extracting(ProbeEvent::to).containsExactly(ProbeStatus.DOWN);
        assertThat(probes.events(probe.id(), events.get(0).id(), 1)).as("a page after the newest")
                .containsExactly(events.get(1));
        assertThat(probes.events(probe.id(), events.get(2).id(), 10)).as("nothing after the oldest").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void delete_removes_the_probe_and_its_events_but_not_its_results(String database) throws Exception {
        Database db = open(database);
        ProbeStore probes = new JdbcProbeStore(db, Json.newMapper());
        LivenessStore liveness = new JdbcProbeStore(db, Json.newMapper());
        IngestStore ingest = new JdbcIngestStore(db);
        RecentResults results = new JdbcResultQueries(db);
        Probe probe = probes.enrol("eu-1", "eu-west", Map.of(), "hash-1", T0);
        Caller.ProbeCaller caller = new Caller.ProbeCaller(probe.id(), probe.name(), probe.region());
        liveness.heartbeat(caller, new LivenessStore.HeartbeatWrite(EMPTY, T0, T0, 0L, false));
        ingest.ingest(caller, List.of(passed("site", T0, 100)), T0);

        assertThat(probes.delete("eu-1")).isTrue();
        assertThat(probes.find("eu-1")).isEmpty();
        assertThat(probes.list()).isEmpty();
        assertThat(probes.events(probe.id(), 10)).isEmpty();
        assertThat(results.page("site", 0, Long.MAX_VALUE, null, null, 10)).singleElement()
                .satisfies(r -> assertThat(r.probe()).isEqualTo("eu-1"));
        assertThat(probes.delete("eu-1")).isFalse();
        assertThat(probes.enrol("eu-1", "eu-west", Map.of(), "hash-1", T0.plusSeconds(5)).enrolledAt())
                .as("the name and the token are free again").isEqualTo(T0.plusSeconds(5));
    }
}
