package org.glassprobe.api.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void every_quantile_is_within_one_percent_of_the_exact_nearest_rank_value() {
        Random random = new Random(7);
        LatencyHistogram h = new LatencyHistogram();
        double[] values = new double[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() * 2 + 2); // 0.1 ms .. seconds
            h.add(values[i]);
        }
        java.util.Arrays.sort(values);
        for (double q = 0.01; q <= 1.0; q += 0.01) {
            double exact = RollupSummaryTest.nearestRank(values, q);
            assertThat(Math.abs(h.quantile(q) - exact)).as("q=%s", q)
                    .isLessThanOrEqualTo(exact * LatencyHistogram.RELATIVE_ERROR + 0.0005);
        }
    }

    @Test
    void merging_is_the_same_as_adding_everything_to_one() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram both = new LatencyHistogram();
        for (int i = 0; i < 1000; i++) {
            double v = i * 0.37;
            (i % 2 == 0 ? a : b).add(v);
            both.add(v);
        }
        LatencyHistogram merged = LatencyHistogram.decode(a.encode());
        merged.merge(b.encode());
        assertThat(merged).isEqualTo(both);
        assertThat(merged.count()).isEqualTo(1000);
        assertThat(LatencyHistogram.decode(both.encode()).encode()).isEqualTo(both.encode());
    }

    @Test
    void zero_tiny_and_huge_values_are_kept_in_bounds() {
        LatencyHistogram h = new LatencyHistogram();
        h.add(0);
        h.add(0.0001);
        h.add(10_000_000);
        assertThat(h.quantile(0.5)).isZero();
        assertThat(h.quantile(1.0)).isCloseTo(600_000, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(new LatencyHistogram().quantile(0.5)).isNaN();
        assertThatThrownBy(() -> LatencyHistogram.decode("0;99999:1")).isInstanceOf(IllegalArgumentException.class);
    }
}
