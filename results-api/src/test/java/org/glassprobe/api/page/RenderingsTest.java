package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassprobe.api.page.Renderings.Read;
import org.junit.jupiter.api.Test;

/** An answer is made once per read, and a request never gets one made from a read older than its own. */
class RenderingsTest {
    private static final long T = 1_000_000_000L;

    @Test
    void the_requests_holding_one_read_make_its_answer_once() throws Exception {
        Renderings<String, Integer, String> renderings = new Renderings<>(4);
        AtomicInteger made = new AtomicInteger();
        Read<Integer> read = new Read<>(T, 1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return renderings.get("check", read, r -> {
                        made.incrementAndGet();
                        sleep(50);
                        return "page of read " + r;
                    });
                }));
            }
            go.countDown();
            for (Future<String> a : answers) {
                assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("page of read 1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void a_request_holding_an_older_read_gets_the_newer_answer_never_the_reverse() {
        Renderings<String, Integer, String> renderings = new Renderings<>(4);
        Read<Integer> older = new Read<>(T, 1);
        Read<Integer> newer = new Read<>(T + 30_000_000, 2);
        assertThat(renderings.get("check", newer, r -> "page of read " + r)).isEqualTo("page of read 2");
        assertThat(renderings.get("check", older, r -> "page of read " + r))
                .as("a read that began after the older one, so after its request arrived").isEqualTo("page of read 2");
        Read<Integer> newest = new Read<>(T + 60_000_000, 3);
        assertThat(renderings.get("check", newest, r -> "page of read " + r)).isEqualTo("page of read 3");
        assertThat(renderings.get("check", newer, r -> "page of read " + r)).isEqualTo("page of read 3");
    }

    @Test
    void another_read_that_began_at_the_same_instant_is_made_afresh_not_taken_for_the_known_one() {
        Renderings<String, Integer, String> renderings = new Renderings<>(4);
        assertThat(renderings.get("check", new Read<>(T, 1), r -> "page of read " + r)).isEqualTo("page of read 1");
        Read<Integer> same = new Read<>(T, 2);
        assertThat(renderings.get("check", same, r -> "page of read " + r)).isEqualTo("page of read 2");
        assertThat(renderings.get("check", same, r -> "made again " + r)).as("kept").isEqualTo("page of read 2");
    }

    @Test
    void a_read_stamps_its_beginning_before_it_reads() {
        long before = System.nanoTime();
        Read<Long> read = Read.of(System::nanoTime);
        assertThat(read.began() - before).isGreaterThanOrEqualTo(0);
        assertThat(read.value() - read.began()).isGreaterThanOrEqualTo(0);
        assertThat(new Read<>(Long.MAX_VALUE + 10, 0).beganAfter(new Read<>(Long.MAX_VALUE - 10, 0)))
                .as("nanoTime compared as the JDK asks, across its wrap").isTrue();
    }

    @Test
    void keys_are_apart_and_only_the_most_recently_asked_are_kept() {
        Renderings<String, Integer, String> renderings = new Renderings<>(2);
        AtomicInteger made = new AtomicInteger();
        Read<Integer> a = new Read<>(T, 1);
        Read<Integer> b = new Read<>(T, 1);
        Read<Integer> c = new Read<>(T, 1);
        renderings.get("a", a, r -> "a" + made.incrementAndGet());
        renderings.get("b", b, r -> "b" + made.incrementAndGet());
        assertThat(renderings.get("a", a, r -> "a" + made.incrementAndGet())).as("kept").isEqualTo("a1");
        renderings.get("c", c, r -> "c" + made.incrementAndGet());
        assertThat(renderings.get("b", b, r -> "b" + made.incrementAndGet())).as("b was asked for least recently: gone")
                .isEqualTo("b4");
        assertThat(renderings.get("a", new Read<>(T - 1, 0), r -> "a-older"))
                .as("a was dropped when b came back; an older read of a is made, not taken from b").isEqualTo("a-older");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
