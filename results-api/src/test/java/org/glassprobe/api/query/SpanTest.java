package org.glassprobe.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rows a summary reads cover its window exactly once, each in the coarsest resolution that fits. */
class SpanTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 86_400_000;

    @Test
    void days_hours_and_minutes_tile_the_window_without_gap_or_overlap() {
        Random random = new Random(16);
        for (int i = 0; i < 10_000; i++) {
            long to = 1_780_000_000_000L + random.nextInt(1_000_000_000);
            long length = random.nextInt(4) == 0 ? random.nextInt((int) (2 * HOUR)) : (long) random.nextInt(91) * DAY
                    + random.nextInt((int) DAY);
            long unit = random.nextBoolean() ? MINUTE : HOUR; // as a summary's window starts
            long start = Math.floorDiv(to - length, unit) * unit;
            ResultQueries.Span span = SummaryService.span(start, to);

            List<long[]> pieces = new ArrayList<>();
            span.days().forEach(d -> {
                assertThat(d[0] % DAY).isZero();
                assertThat(d[1] % DAY).isZero();
                pieces.add(d);
            });
            span.hours().forEach(h -> {
                assertThat(h[0] % HOUR).isZero();
                assertThat(h[1] % HOUR).isZero();
                assertThat(h[1] - h[0]).as("whole days are read from day rows").isLessThan(DAY);
                pieces.add(h);
            });
            span.minutes().forEach(m -> assertThat(m[1] - m[0]).as("at the edges of whole hours").isLessThan(2 * HOUR));
            pieces.addAll(span.minutes());
            List<long[]> nonEmpty = new ArrayList<>(pieces.stream().filter(p -> p[0] < p[1]).toList());
            nonEmpty.sort(Comparator.comparingLong(p -> p[0]));
            long at = start;
            for (long[] p : nonEmpty) {
                assertThat(p[0]).as("no gap, no overlap").isEqualTo(at);
                at = p[1];
            }
            assertThat(at).isEqualTo(to);
            assertThat(span.pendingFrom()).isEqualTo(start);
            assertThat(span.pendingTo()).isEqualTo(to);
        }
    }
}
