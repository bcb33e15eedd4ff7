package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCheckTest {

    @Test
    void a_check_past_its_bound_is_a_no_and_callers_share_it_until_it_ends() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        BoundedCheck check = BoundedCheck.onOwnThread("test-check", () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, Duration.ofMillis(500));

        assertThat(check.test()).isFalse();
        assertThat(check.test()).isFalse();
        assertThat(started).as("one hung check at a time, however often it is asked").hasValue(1);

        release.countDown();
        Thread.sleep(200);
        assertThat(check.test()).as("a new check once the hung one ended").isTrue();
        assertThat(started).hasValue(2);
    }

    @Test
    void a_check_that_fails_is_a_no() {
        BoundedCheck check = BoundedCheck.onOwnThread("test-check", () -> {
            throw new IllegalStateException("no database");
        }, Duration.ofSeconds(1));

        assertThat(check.test()).isFalse();
    }
}
