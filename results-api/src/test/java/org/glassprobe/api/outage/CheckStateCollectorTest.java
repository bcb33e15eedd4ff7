package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.glassprobe.api.outage.CheckStates.CheckState;
import org.glassprobe.api.outage.CheckStates.RegionState;
import org.glassprobe.api.outage.CheckStates.State;
import org.junit.jupiter.api.Test;

class CheckStateCollectorTest {
    @Test
    void each_check_and_each_of_its_regions_export_their_decided_state() throws Exception {
        Instant since = Instant.parse("2026-12-01T10:00:00Z");
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new CheckStateCollector(() -> List.of(
                new CheckState("shop", State.REGIONAL_FAILURE, since, List.of(
                        new RegionState("eu-west", State.OUTAGE, since, "connection refused"),
                        new RegionState("us-east", State.OPERATIONAL, since, null))),
                new CheckState("new", State.UNKNOWN, since, List.of()))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("glassprobe_check_state{check=\"shop\",state=\"regional_failure\"} 1.0")
                .contains("glassprobe_check_state{check=\"new\",state=\"unknown\"} 1.0")
                .contains("glassprobe_check_state_since_timestamp_seconds{check=\"shop\"} 1.7961192E9")
                .contains("glassprobe_check_region_state{check=\"shop\",region=\"eu-west\",state=\"outage\"} 1.0")
                .contains("glassprobe_check_region_state{check=\"shop\",region=\"us-east\",state=\"operational\"} 1.0");
    }
}
