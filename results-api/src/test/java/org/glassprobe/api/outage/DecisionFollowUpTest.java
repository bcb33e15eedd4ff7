package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The decisions after results, one at a time per check: a caller arriving while one runs returns
 * at once, and exactly one more decision follows, which sees its results.
 */
class DecisionFollowUpTest {
    private final AtomicInteger decisions = new AtomicInteger();
    private final CountDownLatch firstEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    /** A store whose check is gone (a decision reads it, then forgets): the first read waits for the test. */
    private OutageStore store() {
        return (OutageStore) Proxy.newProxyInstance(OutageStore.class.getClassLoader(),
                new Class<?>[] {OutageStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "subject" -> {
                        if (decisions.incrementAndGet() == 1) {
                            firstEntered.countDown();
                            releaseFirst.await(10, TimeUnit.SECONDS);
                        }
                        yield Optional.empty();
                    }
                    case "forget" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void a_check_that_keeps_receiving_results_does_not_keep_another_check_s_follow_up_waiting() throws Exception {
        java.util.Map<String, AtomicInteger> byCheck = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch quietEntered = new CountDownLatch(1);
        CountDownLatch releaseQuiet = new CountDownLatch(1);
        OutageStore store = (OutageStore) Proxy.newProxyInstance(OutageStore.class.getClassLoader(),
                new Class<?>[] {OutageStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "subject" -> {
                        String check = (String) args[0];
                        int n = byCheck.computeIfAbsent(check, k -> new AtomicInteger()).incrementAndGet();
                        if (check.equals("quiet") && n == 1) {
                            quietEntered.countDown();
                            releaseQuiet.await(10, TimeUnit.SECONDS);
                        }
                        if (check.equals("busy")) {
                            Thread.sleep(20); // a decision takes a while; results keep coming meanwhile
                        }
                        yield Optional.empty();
                    }
                    case "forget" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        OutageService outages = new OutageService(store, List::of, (check, at) -> false, null, () -> { },
                new OutageService.Options(Duration.ofSeconds(10), Duration.ofDays(7), 100, Clock.systemUTC()));
        java.util.concurrent.atomic.AtomicBoolean storming = new java.util.concurrent.atomic.AtomicBoolean(true);
        // three probes posting for "busy" at once: results keep arriving during its decisions
        java.util.concurrent.ExecutorService posters = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<CompletableFuture<Void>> storm = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            storm.add(CompletableFuture.runAsync(() -> {
                long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (storming.get() && System.nanoTime() < until) {
                    outages.resultsStored(List.of("busy"));
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, posters));
        }
        CompletableFuture<Void> busy = CompletableFuture.allOf(storm.toArray(CompletableFuture[]::new));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> byCheck.getOrDefault("busy", new AtomicInteger()).get() > 3);
            // "quiet" owes a follow-up while "busy" keeps its own follow-ups coming
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> outages.resultsStored(List.of("quiet")));
            assertThat(quietEntered.await(10, TimeUnit.SECONDS)).isTrue();
            outages.resultsStored(List.of("quiet"));
            releaseQuiet.countDown();
            first.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(byCheck.get("quiet"))
                    .as("the quiet check's follow-up ran while the busy one still received results").hasValue(2));
            assertThat(busy).as("the busy check was still receiving results").isNotDone();
        } finally {
            storming.set(false);
            busy.get(10, TimeUnit.SECONDS);
            posters.shutdownNow();
        }
    }

    @Test
    void results_arriving_during_a_decision_return_at_once_and_one_more_decision_follows() throws Exception {
        OutageService outages = new OutageService(store(), List::of, (check, at) -> false, null, () -> { },
                new OutageService.Options(Duration.ofSeconds(10), Duration.ofDays(7), 100, Clock.systemUTC()));
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> outages.resultsStored(List.of("site")));
        assertThat(firstEntered.await(10, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 3; i++) {
            CompletableFuture.runAsync(() -> outages.resultsStored(List.of("site"))).get(5, TimeUnit.SECONDS);
        }
        assertThat(decisions).as("the three did not decide while one ran").hasValue(1);

        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(decisions).hasValue(2));
        Thread.sleep(200);
        assertThat(decisions).as("one decision covers the three").hasValue(2);

        outages.resultsStored(List.of("site"));
        assertThat(decisions).as("with none running, the caller decides before it returns").hasValue(3);
    }
}
