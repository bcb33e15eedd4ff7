package org.glassprobe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went while a benchmark round ran, from Linux's {@code /proc}: the
 * benchmark's own JVM (the client threads, or the plain-JDBC inserts), the API processes, the
 * PostgreSQL server's processes (every process named {@code postgres}), the rest, and the
 * machine's idle time. Take a {@link #now} before and after the round and subtract.
 *
 * @param ticks clock ticks (1/100 s on Linux) of each part, in the order of {@link #PARTS}
 */
record CpuUse(long[] ticks) {
    static final List<String> PARTS = List.of("benchmark", "API", "PostgreSQL", "other", "idle");
    /** Clock ticks per second: USER_HZ, 100 on every Linux kernel Debian ships. */
    static final double HZ = 100;

    /** Whether this machine has a {@code /proc} to read (Linux). */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/stat")) && Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** The CPU used so far by each part, with the API processes' ids. */
    static CpuUse now(List<Long> apiPids) throws IOException {
        long self = ticksOf(ProcessHandle.current().pid());
        long api = 0;
        for (long pid : apiPids) {
            api += ticksOf(pid);
        }
        long postgres = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("postgres")) {
                        postgres += ticksOf(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended between the listing and the read: its time is lost for both snapshots
                }
            }
        }
        // the first line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new CpuUse(new long[] {self, api, postgres, Math.max(0, busy - self - api - postgres), idle});
    }

    /** utime + stime of a process (all its threads), in clock ticks (10 ms on Linux). */
    static long ticksOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** What was used from {@code before} to this snapshot. */
    CpuUse since(CpuUse before) {
        long[] d = new long[ticks.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.max(0, ticks[i] - before.ticks[i]);
        }
        return new CpuUse(d);
    }

    CpuUse plus(CpuUse other) {
        long[] s = new long[ticks.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = ticks[i] + other.ticks[i];
        }
        return new CpuUse(s);
    }

    /** CPU seconds used by everything but idle. */
    double busySeconds() {
        long busy = 0;
        for (int i = 0; i < PARTS.size() - 1; i++) {
            busy += ticks[i];
        }
        return busy / HZ;
    }

    /** Each busy part's CPU per result, in microseconds. */
    Map<String, Double> microsPerResult(long results) {
        Map<String, Double> per = new LinkedHashMap<>();
        for (int i = 0; i < PARTS.size() - 1; i++) {
            per.put(PARTS.get(i), ticks[i] / HZ * 1e6 / results);
        }
        return per;
    }

    /** The share of the machine's CPU time that was busy, 0 to 1. */
    double busyShare() {
        double all = busySeconds() + ticks[PARTS.size() - 1] / HZ;
        return all == 0 ? 0 : busySeconds() / all;
    }
}
