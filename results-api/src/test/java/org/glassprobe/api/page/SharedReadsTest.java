package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Requests share reads, but never one that began before they arrived. */
class SharedReadsTest {

    @Test
    void requests_that_arrive_during_a_read_share_the_next_read_not_the_one_under_way() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        SharedReads<String, Integer> shared = new SharedReads<>(key -> {
            int n = reads.incrementAndGet();
            if (n == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return n;
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<Integer> first = pool.submit(() -> shared.get("k"));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                later.add(pool.submit(() -> shared.get("k")));
            }
            Thread.sleep(200); // they are all waiting now
            releaseFirst.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            for (Future<Integer> f : later) {
                assertThat(f.get(10, TimeUnit.SECONDS)).as("read after they arrived, once for all").isEqualTo(2);
            }
            assertThat(reads.get()).isEqualTo(2);
            assertThat(shared.get("k")).as("alone again: a read of its own").isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keys_are_read_apart_and_a_failed_read_fails_each_request_that_shared_it() {
        AtomicInteger reads = new AtomicInteger();
        SharedReads<String, String> shared = new SharedReads<>(key -> {
            reads.incrementAndGet();
            if (key.equals("bad")) {
                throw new IllegalStateException("the database is away");
            }
            return key + reads.get();
        });
        assertThat(shared.get("a")).isEqualTo("a1");
        assertThat(shared.get("b")).isEqualTo("b2");
        assertThatThrownBy(() -> shared.get("bad")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the database is away");
        assertThat(shared.get("a")).as("a failure is not kept").isEqualTo("a4");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
