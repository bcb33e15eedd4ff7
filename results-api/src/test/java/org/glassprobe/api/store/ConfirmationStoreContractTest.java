package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.store.StoreFixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.glassprobe.api.confirm.Command;
import org.glassprobe.api.confirm.ConfirmationStore;
import org.glassprobe.api.confirm.Round;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link ConfirmationStore} promises, on H2 and on PostgreSQL: one round per check and period
 * however many deciders (threads, replicas) try at once, a probe's budget per minute held under the
 * same race, pending commands until answered or past their deadline, and pruning.
 */
class ConfirmationStoreContractTest extends StoreDatabases {
    private static final Duration PERIOD = Duration.ofSeconds(30);

    private static ConfirmationStore.Request request(String check, Instant now, Instant triggerStarted,
            String... probes) {
        List<Round.Ask> targets = new ArrayList<>();
        for (String p : probes) {
            targets.add(new Round.Ask(p, "r-" + p, null, null, null));
        }
        return new ConfirmationStore.Request(UUID.randomUUID().toString(), check, "failure",
                new Round.Trigger("p-ap", "ap-south", UUID.randomUUID().toString(), triggerStarted), now,
                now.plusSeconds(15), targets);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void one_round_per_check_and_period_and_a_later_run_for_the_next(String database) throws Exception {
        ConfirmationStore store = new JdbcConfirmationStore(open(database));
        Optional<Round> first = store.start(request("site", T0, T0.minusSeconds(1), "a", "b"), PERIOD, 10);
        assertThat(first).isPresent();
        assertThat(first.get().asks()).extracting(Round.Ask::probe).containsExactly("a", "b");
        assertThat(store.start(request("site", T0.plusSeconds(10), T0.plusSeconds(9), "a"), PERIOD, 10))
                .as("within the period").isEmpty();
        assertThat(store.start(request("other", T0.plusSeconds(10), T0.plusSeconds(9), "a"), PERIOD, 10))
                .as("another check has its own").isPresent();
        assertThat(store.start(request("site", T0.plusSeconds(40), T0.minusSeconds(1), "a"), PERIOD, 10))
                .as("the same run again").isEmpty();
        assertThat(store.start(request("site", T0.plusSeconds(40), T0.plusSeconds(39), "a"), PERIOD, 10)).isPresent();
        assertThat(store.recent("site", 10)).hasSize(2);
        assertThat(store.recent("site", 1)).singleElement()
                .satisfies(r -> assertThat(r.createdAt()).isEqualTo(T0.plusSeconds(40)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void deciders_racing_start_one_round_and_never_exceed_a_probes_budget(String database) throws Exception {
        ConfirmationStore store = new JdbcConfirmationStore(open(database));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Round>>> same = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                same.add(() -> store.start(request("site", T0, T0.minusSeconds(1), "a", "b"), PERIOD, 100));
            }
            long started = 0;
            for (Future<Optional<Round>> f : pool.invokeAll(same)) {
                started += f.get().isPresent() ? 1 : 0;
            }
            assertThat(started).as("one round of 8 deciders at once").isEqualTo(1);

            List<Callable<Optional<Round>>> many = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String check = "c" + i;
                many.add(() -> store.start(request(check, T0.plusSeconds(1), T0, "a", "b"), PERIOD, 5));
            }
            for (Future<Optional<Round>> f : pool.invokeAll(many)) {
                assertThat(f.get()).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Command> pending = store.pending(T0.plusSeconds(2));
        assertThat(pending.stream().filter(c -> c.probe().equals("a")).count())
                .as("5 per minute: the first round's ask and 4 of the 12").isEqualTo(5);
        assertThat(pending.stream().filter(c -> c.probe().equals("b")).count()).isEqualTo(5);
        long over = 0;
        for (int i = 0; i < 12; i++) {
            over += store.recent("c" + i, 1).get(0).skipped().size();
        }
        assertThat(over).as("the other asks are skipped, said in their rounds").isEqualTo(16);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_command_is_pending_until_answered_or_past_its_deadline(String database) throws Exception {
        ConfirmationStore store = new JdbcConfirmationStore(open(database));
        Round round = store.start(request("site", T0, T0.minusSeconds(1), "a", "b"), PERIOD, 10).orElseThrow();
        assertThat(store.awaiting("site", T0.plusSeconds(1))).isTrue();
        assertThat(store.pending(T0.plusSeconds(1))).extracting(Command::probe).containsExactly("a", "b");
        Command a = store.pending(T0.plusSeconds(1)).get(0);
        assertThat(a.id()).isEqualTo(round.id());
        assertThat(a.check()).isEqualTo("site");
        assertThat(a.trigger()).isEqualTo(round.trigger());

        store.answered("a", List.of(new ConfirmationStore.Answer(round.id(), "r1", false)), T0.plusSeconds(2));
        store.answered("c", List.of(new ConfirmationStore.Answer(round.id(), "r9", true)), T0.plusSeconds(2));
        assertThat(store.pending(T0.plusSeconds(2))).extracting(Command::probe).containsExactly("b");
        assertThat(store.awaiting("site", T0.plusSeconds(2))).isTrue();
        assertThat(store.awaiting("site", T0.plusSeconds(16))).as("past its deadline").isFalse();
        assertThat(store.pending(T0.plusSeconds(16))).isEmpty();
        store.answered("b", List.of(new ConfirmationStore.Answer(round.id(), "r2", true)), T0.plusSeconds(3));
        assertThat(store.awaiting("site", T0.plusSeconds(3))).isFalse();
        Round kept = store.recent("site", 1).get(0);
        assertThat(kept.answered()).isTrue();
        assertThat(kept.asks()).extracting(Round.Ask::probe, Round.Ask::ok, Round.Ask::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", false, "r1"),
                        org.assertj.core.groups.Tuple.tuple("b", true, "r2"));

        assertThat(store.prune(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(store.recent("site", 10)).isEmpty();
        assertThat(store.pending(T0)).isEmpty();
    }
}
