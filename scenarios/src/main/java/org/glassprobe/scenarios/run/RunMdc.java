package org.glassprobe.scenarios.run;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * Which run a log event belongs to: the check's name and the run's id (its result's id) in the
 * SLF4J MDC, on the thread that runs the check and, through {@link #carry}, on every thread the run
 * hands work to (its steps' worker, the browser's bounded calls). MDC is per thread: work handed to
 * another thread without {@code carry} logs without them.
 */
public final class RunMdc {
    /** The MDC key of the check's name. */
    public static final String CHECK = "check";
    /** The MDC key of the run's id, which is its result's id. */
    public static final String RUN = "run";

    private RunMdc() {}

    /** The keys a run put on a thread; closing puts back what was there before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Puts a run's check and id on this thread until the scope is closed. */
    public static Scope enter(String check, UUID run) {
        String checkBefore = MDC.get(CHECK);
        String runBefore = MDC.get(RUN);
        MDC.put(CHECK, check);
        MDC.put(RUN, run.toString());
        return () -> {
            restore(CHECK, checkBefore);
            restore(RUN, runBefore);
        };
    }

    /** The task, to run on another thread with the MDC of the thread that calls this (taken now). */
    public static Runnable carry(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            set(context);
            try {
                task.run();
            } finally {
                set(before);
            }
        };
    }

    /** The task, to run on another thread with the MDC of the thread that calls this (taken now). */
    public static <T> Callable<T> carry(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            set(context);
            try {
                return task.call();
            } finally {
                set(before);
            }
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void set(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
