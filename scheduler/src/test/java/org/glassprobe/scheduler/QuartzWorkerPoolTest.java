package org.glassprobe.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worker pool Quartz runs jobs on: bounded, and no run lost to a shutdown. */
class QuartzWorkerPoolTest {
    private static Quartz.WorkerPool pool(int threads) {
        Quartz.WorkerPool pool = new Quartz.WorkerPool();
        pool.setThreadCount(threads);
        pool.setThreadNamePrefix("test-worker");
        pool.setMakeThreadsDaemons(true);
        pool.initialize();
        return pool;
    }

    @Test
    void runs_handed_over_just_before_shutdown_are_run_and_shutdown_waits_for_them() {
        for (int i = 0; i < 200; i++) {
            Quartz.WorkerPool pool = pool(1);
            AtomicInteger ran = new AtomicInteger();
            pool.runInThread(ran::incrementAndGet);
            pool.runInThread(ran::incrementAndGet);
            pool.shutdown(true);
            assertThat(ran).as("round " + i).hasValue(2);
        }
    }

    @Test
    void a_full_pool_has_no_free_worker_until_a_run_ends() throws Exception {
        Quartz.WorkerPool pool = pool(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.runInThread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicInteger free = new AtomicInteger(-1);
        Thread waiter = new Thread(() -> free.set(pool.blockForAvailableThreads()));
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).as("blocked while both workers are busy").isTrue();
        release.countDown();
        waiter.join(10_000);
        assertThat(free.get()).isBetween(1, 2);
        pool.shutdown(true);
        assertThat(pool.blockForAvailableThreads()).as("none after shutdown").isZero();
    }
}
