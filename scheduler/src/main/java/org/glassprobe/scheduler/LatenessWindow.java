package org.glassprobe.scheduler;

import java.time.Duration;
import java.util.Arrays;

/** The lateness of the most recent runs, for percentiles. */
final class LatenessWindow {
    private final long[] micros;
    private int next;
    private int size;

    LatenessWindow(int capacity) {
        this.micros = new long[capacity];
    }

    synchronized void add(Duration lateness) {
        micros[next] = lateness.toNanos() / 1000;
        next = (next + 1) % micros.length;
        size = Math.min(size + 1, micros.length);
    }

    /** The q-quantile (nearest rank) of the window, or zero when it is empty. */
    synchronized Duration quantile(double q) {
        if (size == 0) {
            return Duration.ZERO;
        }
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        int index = Math.max(0, Math.min(size - 1, (int) Math.ceil(q * size) - 1));
        return Duration.ofNanos(sorted[index] * 1000);
    }
}
