package org.glassprobe.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A yes/no check that answers within a bound: {@code /readyz} asks whether the database answers, and a
 * database that is down can keep a connection attempt waiting for the pool's timeout (10 s and more),
 * longer than any load balancer's health check waits. A check still running past the bound counts as
 * "no"; callers meanwhile share it rather than each starting one, so a down database is asked once at a
 * time however often the health checks come.
 */
final class BoundedCheck {
    private final BooleanSupplier check;
    private final Duration within;
    private final Executor executor;
    private CompletableFuture<Boolean> running;

    BoundedCheck(BooleanSupplier check, Duration within, Executor executor) {
        this.check = Objects.requireNonNull(check, "check");
        this.within = Objects.requireNonNull(within, "within");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Runs the check on one daemon thread of its own, named {@code name}. */
    static BoundedCheck onOwnThread(String name, BooleanSupplier check, Duration within) {
        return new BoundedCheck(check, within, task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        });
    }

    /** The check's answer, or false when it has not answered within the bound (or failed). */
    boolean test() {
        CompletableFuture<Boolean> answer;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(check::getAsBoolean, executor);
            }
            answer = running;
        }
        try {
            return answer.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
