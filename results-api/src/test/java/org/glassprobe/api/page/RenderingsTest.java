package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An answer is made once per report, and a request never gets one made from an older read than its own. */
class RenderingsTest {
    /** A report as a read returns it: when it was read, and which read it was. */
    record Report(Instant at, int read) {}

    private static final Instant T = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void the_requests_holding_one_report_make_its_answer_once() throws Exception {
        Renderings<String, Report, String> renderings = new Renderings<>(Report::at, 4);
        AtomicInteger made = new AtomicInteger();
        Report report = new Report(T, 1);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return renderings.get("check", report, r -> {
                        made.incrementAndGet();
                        sleep(50);
                        return "page of read " + r.read();
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
    void a_request_holding_an_older_report_gets_the_newer_answer_never_the_reverse() {
        Renderings<String, Report, String> renderings = new Renderings<>(Report::at, 4);
        Report older = new Report(T, 1);
        Report newer = new Report(T.plusMillis(30), 2);
        assertThat(renderings.get("check", newer, r -> "page of read " + r.read())).isEqualTo("page of read 2");
        assertThat(renderings.get("check", older, r -> "page of read " + r.read()))
                .as("a read that began after the older one, so after its request arrived").isEqualTo("page of read 2");
        Report newest = new Report(T.plusMillis(60), 3);
        assertThat(renderings.get("check", newest, r -> "page of read " + r.read())).isEqualTo("page of read 3");
        assertThat(renderings.get("check", newer, r -> "page of read " + r.read())).isEqualTo("page of read 3");
    }

    @Test
    void another_read_at_the_same_instant_is_made_afresh_not_taken_for_the_known_one() {
        Renderings<String, Report, String> renderings = new Renderings<>(Report::at, 4);
        assertThat(renderings.get("check", new Report(T, 1), r -> "page of read " + r.read())).isEqualTo("page of read 1");
        assertThat(renderings.get("check", new Report(T, 2), r -> "page of read " + r.read())).isEqualTo("page of read 2");
        assertThat(renderings.get("check", new Report(T, 2), r -> "page of read " + r.read())).isEqualTo("page of read 2");
    }

    @Test
    void keys_are_apart_and_only_the_most_recently_asked_are_kept() {
        Renderings<String, Report, String> renderings = new Renderings<>(Report::at, 2);
        AtomicInteger made = new AtomicInteger();
        Report a = new Report(T, 1);
        Report b = new Report(T, 1);
        Report c = new Report(T, 1);
        renderings.get("a", a, r -> "a" + made.incrementAndGet());
        renderings.get("b", b, r -> "b" + made.incrementAndGet());
        assertThat(renderings.get("a", a, r -> "a" + made.incrementAndGet())).as("kept").isEqualTo("a1");
        renderings.get("c", c, r -> "c" + made.incrementAndGet());
        assertThat(renderings.get("b", b, r -> "b" + made.incrementAndGet())).as("b was asked for least recently: gone")
                .isEqualTo("b4");
        assertThat(renderings.get("a", new Report(T.minusSeconds(1), 0), r -> "a-older"))
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
