package org.glassprobe.probe.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.glassprobe.probe.spool.Spool;
import org.glassprobe.probe.spool.SpoolOptions;
import org.glassprobe.scheduler.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper's decisions against a scripted endpoint; the real API is exercised by the agent's ITs. */
class ShipperTest {
    @TempDir
    Path dir;
    private Spool spool;
    private Thread thread;
    private Shipper shipper;

    /** Answers each batch from a script, then accepts; remembers every batch it saw. */
    private static final class ScriptedEndpoint implements ResultsEndpoint {
        final Deque<Function<List<String>, Delivery>> script = new ConcurrentLinkedDeque<>();
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> stored = new CopyOnWriteArrayList<>();

        @Override
        public Delivery send(List<byte[]> results) {
            List<String> batch = results.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            batches.add(batch);
            Function<List<String>, Delivery> next = script.pollFirst();
            Delivery d = next == null ? new Delivery.Accepted(batch.size(), 0) : next.apply(batch);
            if (d instanceof Delivery.Accepted) {
                stored.addAll(batch);
            }
            return d;
        }
    }

    @BeforeEach
    void open() throws Exception {
        spool = Spool.open(dir, SpoolOptions.defaults());
    }

    @AfterEach
    void close() throws Exception {
        if (shipper != null) {
            shipper.stop();
            thread.join(5000);
        }
        spool.close();
    }

    private void start(ScriptedEndpoint endpoint) {
        shipper = new Shipper(spool, endpoint, new Shipper.Options(new Shipper.Limits(100, 1 << 20),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(20), Backoff.Jitter.FULL, () -> 0.5),
                Duration.ofMillis(500)), Clock.systemUTC());
        thread = new Thread(shipper, "shipper-under-test");
        thread.start();
    }

    private void append(String... texts) throws Exception {
        for (String t : texts) {
            spool.append(t.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_single_result_is_sent_at_once_alone_and_forgotten_when_acknowledged() throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        start(endpoint);
        append("r1");
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.stats().pending() == 0);
        assertThat(endpoint.batches).containsExactly(List.of("r1"));
        assertThat(shipper.delivered()).isEqualTo(1);
    }

    @Test
    void a_backlog_goes_in_order_and_nothing_is_lost_through_transient_failures() throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        for (int i = 0; i < 5; i++) {
            endpoint.script.add(batch -> new Delivery.Transient("connection refused"));
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            sent.add("r" + i);
        }
        append(sent.toArray(String[]::new));
        start(endpoint);
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.stats().pending() == 0);
        assertThat(endpoint.stored).containsExactlyElementsOf(sent);
        assertThat(endpoint.batches).allMatch(b -> b.size() <= 100);
        assertThat(shipper.lastError()).isEqualTo("connection refused");
    }

    @Test
    void a_result_refused_for_good_is_dropped_and_counted_and_the_others_still_go() throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        endpoint.script.add(batch -> new Delivery.Rejected(2, "check \"gone\" is not assigned to this probe"));
        endpoint.script.add(batch -> new Delivery.Accepted(batch.size(), 0));
        endpoint.script.add(batch -> new Delivery.Rejected(0, "check \"gone\" is not assigned to this probe"));
        append("a", "b", "gone", "c", "d");
        start(endpoint);
        await().atMost(Duration.ofSeconds(10)).until(() -> spool.stats().pending() == 0);
        assertThat(endpoint.stored).containsExactly("a", "b", "c", "d");
        assertThat(endpoint.batches.get(1)).as("the results before the refused one go again, alone")
                .containsExactly("a", "b");
        assertThat(shipper.rejected()).isEqualTo(1);
    }

    @Test
    void draining_at_shutdown_delivers_while_the_api_answers_and_keeps_the_rest() throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        Shipper draining = new Shipper(spool, endpoint, new Shipper.Options(new Shipper.Limits(2, 1 << 20),
                new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), Backoff.Jitter.FULL, Math::random),
                Duration.ofMillis(500)), Clock.systemUTC());
        append("a", "b", "c", "d", "e");
        endpoint.script.add(batch -> new Delivery.Accepted(batch.size(), 0));
        endpoint.script.add(batch -> new Delivery.Transient("API gone"));

        long left = draining.drain(Duration.ofSeconds(5));

        assertThat(endpoint.stored).containsExactly("a", "b");
        assertThat(left).isEqualTo(3);
        assertThat(spool.peek(10, 1 << 20)).hasSize(3);
    }
}
