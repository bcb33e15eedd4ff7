package org.glassprobe.probe.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<SpoolRecord> records) {
        return records.stream().map(r -> new String(r.payload(), StandardCharsets.UTF_8)).toList();
    }

    private SpoolOptions small() {
        return new SpoolOptions(64 * 1024, 1024, Duration.ofMillis(50));
    }

    @Test
    void records_come_back_in_order_and_go_once_acknowledged() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            long first = spool.append(text("a"));
            spool.append(text("b"));
            long third = spool.append(text("c"));

            List<SpoolRecord> batch = spool.peek(2, 1 << 20);
            assertThat(texts(batch)).containsExactly("a", "b");
            assertThat(batch.get(0).sequence()).isEqualTo(first);

            spool.acknowledge(batch.get(1).sequence());
            assertThat(texts(spool.peek(10, 1 << 20))).containsExactly("c");
            assertThat(spool.stats().pending()).isEqualTo(1);
            spool.acknowledge(third);
            assertThat(spool.peek(10, 1 << 20)).isEmpty();
        }
    }

    @Test
    void pending_records_and_the_acknowledged_point_survive_reopening() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            for (String s : List.of("a", "b", "c", "d")) {
                spool.append(text(s));
            }
            spool.acknowledge(spool.peek(2, 1 << 20).get(1).sequence());
        }
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            assertThat(texts(spool.peek(10, 1 << 20))).containsExactly("c", "d");
            long next = spool.append(text("e"));
            assertThat(next).as("sequences keep increasing across restarts").isEqualTo(4);
        }
    }

    @Test
    void a_record_torn_by_a_crash_is_cut_off_and_the_rest_kept() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            spool.append(text("whole-1"));
            spool.append(text("whole-2"));
        }
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        // the header of a third record and half its payload, as a crash in the middle of a write leaves it
        Files.write(segment, new byte[] {0, 0, 0, 20, 1, 2, 3, 4, 'h', 'a', 'l', 'f'}, StandardOpenOption.APPEND);

        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            assertThat(texts(spool.peek(10, 1 << 20))).containsExactly("whole-1", "whole-2");
            spool.append(text("after"));
            assertThat(texts(spool.peek(10, 1 << 20))).containsExactly("whole-1", "whole-2", "after");
        }
    }

    @Test
    void a_full_spool_drops_the_oldest_and_counts_them_across_restarts() throws IOException {
        byte[] kilobyte = new byte[1000];
        try (Spool spool = Spool.open(dir, small())) {
            for (int i = 0; i < 100; i++) {
                kilobyte[0] = (byte) i;
                spool.append(kilobyte.clone());
            }
            SpoolStats stats = spool.stats();
            assertThat(stats.bytes()).isLessThanOrEqualTo(64 * 1024);
            assertThat(stats.dropped()).isPositive();
            assertThat(stats.pending() + stats.dropped()).isEqualTo(100);
            assertThat(spool.peek(1, 1 << 20).get(0).payload()[0]).as("the oldest went first")
                    .isEqualTo((byte) stats.dropped());
        }
        try (Spool spool = Spool.open(dir, small())) {
            assertThat(spool.stats().dropped()).isPositive();
            assertThat(spool.stats().pending() + spool.stats().dropped()).isEqualTo(100);
        }
    }

    private long onDisk() throws IOException {
        try (var files = Files.list(dir)) {
            long sum = 0;
            for (Path p : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
                sum += Files.size(p);
            }
            return sum;
        }
    }

    @Test
    void a_full_spool_never_holds_more_than_its_bound_on_disk_and_says_so_once_a_minute() throws IOException {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Spool.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        log.addAppender(logs);
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                java.time.Instant.parse("2026-03-02T10:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        long bound = 16 * 1024;
        try (Spool spool = Spool.open(dir, new SpoolOptions(bound, 4 * 1024, Duration.ofMillis(50)), clock)) {
            for (int i = 0; i < 300; i++) {
                spool.append(new byte[500]);
                assertThat(onDisk()).as("segment files after record %d", i).isLessThanOrEqualTo(bound);
            }
            List<ch.qos.logback.classic.spi.ILoggingEvent> errors = logs.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR).toList();
            assertThat(errors).as("one line for the first drop, not one per result").hasSize(1);
            now.set(now.get().plusSeconds(61));
            for (int i = 0; i < 10; i++) {
                spool.append(new byte[500]);
            }
            errors = logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR).toList();
            assertThat(errors).as("a minute later, one line with how many went since").hasSize(2);
            assertThat(spool.stats().pending() + spool.stats().dropped()).isEqualTo(310);
            spool.close(); // says what it has not said yet
            long said = logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                    .mapToLong(e -> Long.parseLong(String.valueOf(e.getKeyValuePairs().get(0).value))).sum();
            assertThat(said).as("every dropped result is counted in some line").isEqualTo(spool.stats().dropped());
        } finally {
            log.detachAppender(logs);
        }
    }

    @Test
    void acknowledged_segments_are_deleted_from_disk() throws IOException {
        try (Spool spool = Spool.open(dir, small())) {
            IntStream.range(0, 30).forEach(i -> {
                try {
                    spool.append(new byte[500]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(segmentCount()).isGreaterThan(5);
            List<SpoolRecord> all = spool.peek(100, 1 << 20);
            spool.acknowledge(all.get(all.size() - 1).sequence());
            assertThat(segmentCount()).isLessThanOrEqualTo(1);
            assertThat(spool.stats().bytes()).isZero();
        }
    }

    @Test
    void full_segments_are_forced_and_closed_in_the_background_and_their_records_kept() throws Exception {
        try (Spool spool = Spool.open(dir, small())) {
            for (int i = 0; i < 30; i++) {
                spool.append(text("record-" + i + "-" + "x".repeat(300)));
            }
            assertThat(segmentCount()).isGreaterThan(5);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (openSegments() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(openSegments()).as("only the segment being written stays open").isEqualTo(1);
        }
        try (Spool spool = Spool.open(dir, small())) {
            List<String> texts = texts(spool.peek(100, 1 << 20));
            assertThat(texts).hasSize(30);
            assertThat(texts.get(29)).startsWith("record-29-");
        }
    }

    @Test
    void peek_respects_the_byte_budget_but_always_returns_one() throws IOException {
        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            spool.append(new byte[3000]);
            spool.append(new byte[3000]);
            assertThat(spool.peek(10, 1000)).hasSize(1);
            assertThat(spool.peek(10, 6000)).hasSize(2);
        }
    }

    /** Segment files this process holds open, as Linux lists them. */
    private long openSegments() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    return fd; // closed since it was listed
                }
            }).filter(target -> target.startsWith(dir) && target.toString().endsWith(".seg")).count();
        }
    }

    private long segmentCount() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }
}
