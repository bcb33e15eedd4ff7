package org.glassprobe.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.glassprobe.probe.ship.Shipper;
import org.glassprobe.probe.spool.SpoolOptions;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.scheduler.Backoff;
import org.junit.jupiter.api.Test;

class ProbeSettingsTest {
    private final ProbeSettings defaults = ProbeSettings.defaults();

    @Test
    void the_defaults_are_the_values_the_probe_has_always_run_with() {
        assertThat(defaults.api()).isEqualTo(new ApiClient.Options(Duration.ofSeconds(10), Duration.ofSeconds(5),
                16 * 1024 * 1024));
        assertThat(defaults.enrolment().timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.misfireAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maxRetryDelay()).isEqualTo(Duration.ofSeconds(1));
        Shipper.Options shipping = defaults.shipping();
        assertThat(shipping.limits()).isEqualTo(new Shipper.Limits(500, 4L * 1024 * 1024));
        assertThat(shipping.backoff().initial()).isEqualTo(Duration.ofMillis(250));
        assertThat(shipping.backoff().max()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shipping.backoff().jitter()).isEqualTo(Backoff.Jitter.FULL);
        assertThat(shipping.poll()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.shipStopWait()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.evidenceMaxWidth()).isEqualTo(960);
        assertThat(defaults.evidenceMaxBytes()).isEqualTo(120 * 1024);
        assertThat(defaults.heartbeatMaxErrorChars()).isEqualTo(1000);
    }

    @Test
    void the_spool_is_bounded_as_the_deployment_says_with_segments_that_fit() {
        for (long bound : new long[] {1L << 20, 4L << 20, 256L << 20, 1L << 40}) {
            assertThat(defaults.spool(bound)).as("bound %d", bound)
                    .isEqualTo(SpoolOptions.defaults().withMaxBytes(bound));
        }
        assertThat(defaults.spool(256L << 20)).isEqualTo(new SpoolOptions(256L << 20, 8L << 20, Duration.ofMillis(200)));
    }
}
