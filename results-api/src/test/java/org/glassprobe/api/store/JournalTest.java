package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static Journal.Options options(long segmentSize) {
        return new Journal.Options(false, segmentSize, Duration.ofMinutes(10), CLOCK);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<Journal.Entry> entries) {
        return entries.stream().map(e -> e.seq() + ":" + new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void records_are_numbered_in_order_and_read_back_after_a_number() {
        try (Journal j = Journal.open(dir, options(1 << 20), 0)) {
            assertThat(j.append(bytes("a"))).isEqualTo(1);
            assertThat(j.append(bytes("b"))).isEqualTo(2);
            assertThat(j.append(bytes("c"))).isEqualTo(3);
            assertThat(texts(j.after(1))).containsExactly("2:b", "3:c");
            assertThat(j.oldest()).isEqualTo(1);
        }
    }

    @Test
    void an_open_journal_means_an_unclean_stop_and_a_closed_one_a_clean_one() {
        Journal first = Journal.open(dir, options(1 << 20), 0);
        first.append(bytes("a"));
        assertThat(first.uncleanStop()).isFalse();
        // not closed: the process died
        try (Journal second = Journal.open(dir, options(1 << 20), 0)) {
            assertThat(second.uncleanStop()).isTrue();
            assertThat(second.append(bytes("b"))).as("numbering goes on after what was found").isEqualTo(2);
        }
        try (Journal third = Journal.open(dir, options(1 << 20), 0)) {
            assertThat(third.uncleanStop()).isFalse();
        }
    }

    @Test
    void numbering_goes_on_after_the_number_the_database_has_when_the_files_are_behind_it() {
        try (Journal j = Journal.open(dir, options(1 << 20), 41)) {
            assertThat(j.append(bytes("a"))).isEqualTo(42);
        }
    }

    @Test
    void a_record_written_only_in_part_ends_its_segment_and_the_records_before_it_are_kept() throws IOException {
        Journal j = Journal.open(dir, options(1 << 20), 0);
        j.append(bytes("first"));
        j.append(bytes("second"));
        Path segment = segments().get(0);
        long whole = Files.size(segment);
        j.append(bytes("third, cut short"));
        // the process dies in the middle of the third record
        try (var channel = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(whole + 10);
        }
        try (Journal again = Journal.open(dir, options(1 << 20), 0)) {
            assertThat(texts(again.after(0))).containsExactly("1:first", "2:second");
            assertThat(again.append(bytes("next"))).isEqualTo(3);
            assertThat(texts(again.after(0))).containsExactly("1:first", "2:second", "3:next");
        }
    }

    @Test
    void a_record_whose_bytes_changed_is_not_read() throws IOException {
        try (Journal j = Journal.open(dir, options(1 << 20), 0)) {
            j.append(bytes("kept"));
            j.append(bytes("flipped"));
        }
        Path segment = segments().get(0);
        byte[] content = Files.readAllBytes(segment);
        content[content.length - 2] ^= 1;
        Files.write(segment, content);
        try (Journal j = Journal.open(dir, options(1 << 20), 0)) {
            assertThat(texts(j.after(0))).containsExactly("1:kept");
        }
    }

    @Test
    void segments_roll_over_and_old_ones_go_but_the_newest_two_stay() throws IOException {
        try (Journal j = Journal.open(dir, options(64), 0)) {
            for (int i = 0; i < 6; i++) {
                j.append(bytes("record number " + i + " fills a segment of its own, being long"));
            }
            assertThat(segments()).hasSizeGreaterThanOrEqualTo(5);
            for (Path p : segments()) {
                Files.setLastModifiedTime(p, FileTime.from(CLOCK.instant().minus(Duration.ofHours(1))));
            }
            j.append(bytes("a new segment prunes the old ones"));
            assertThat(segments()).as("the segment just closed and the new one").hasSize(2);
            assertThat(j.oldest()).isEqualTo(6);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }
}
