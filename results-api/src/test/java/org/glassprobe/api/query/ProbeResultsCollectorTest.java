package org.glassprobe.api.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.liveness.Probe;
import org.glassprobe.api.liveness.ProbeStatus;
import org.junit.jupiter.api.Test;

class ProbeResultsCollectorTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static Probe probe(String name, String region, ProbeStatus status) {
        return new Probe(1, name, region, Map.of(), NOW, status, NOW, NOW, null, null);
    }

    private static String scrape(List<LatestResult> latest, List<Probe> probes) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new ProbeResultsCollector(() -> latest, () -> probes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_run_that_measured_no_network_phase_exports_no_phase_series() throws IOException {
        String body = scrape(List.of(
                new LatestResult("journey", "eu-1", "eu-west", NOW, true, 800, 0, 0, 0, 0, 0, null),
                new LatestResult("ping", "eu-1", "eu-west", NOW, true, 12, 0.5, 1, 0, 10, 0.5, null)),
                List.of(probe("eu-1", "eu-west", ProbeStatus.UP)));

        assertThat(body).contains("probe_success{check=\"journey\",probe=\"eu-1\",region=\"eu-west\"} 1.0")
                .doesNotContain("probe_http_duration_seconds{check=\"journey\"")
                .contains("probe_http_duration_seconds{check=\"ping\",phase=\"tls\",probe=\"eu-1\",region=\"eu-west\"} 0.0");
    }

    @Test
    void the_results_of_a_probe_that_is_late_or_down_are_dropped_and_its_up_is_0() throws IOException {
        String body = scrape(List.of(
                new LatestResult("ping", "eu-1", "eu-west", NOW, false, 12, 0.5, 1, 0, 10, 0.5, "status"),
                new LatestResult("ping", "us-1", "us-east", NOW, true, 12, 0.5, 1, 0, 10, 0.5, null),
                new LatestResult("ping", "ap-1", "ap-south", NOW, true, 12, 0.5, 1, 0, 10, 0.5, null)),
                List.of(probe("eu-1", "eu-west", ProbeStatus.DOWN), probe("us-1", "us-east", ProbeStatus.UP),
                        probe("ap-1", "ap-south", ProbeStatus.LATE)));

        assertThat(body).contains("probe_success{check=\"ping\",probe=\"us-1\",region=\"us-east\"} 1.0")
                .doesNotContainPattern("(?m)^(probe_|glassprobe_check_)[^\\n]*probe=\"(eu|ap)-1\"")
                .contains("glassprobe_probe_up{probe=\"eu-1\",region=\"eu-west\"} 0.0")
                .contains("glassprobe_probe_up{probe=\"ap-1\",region=\"ap-south\"} 0.0");
    }

    @Test
    void a_run_over_tls_exports_its_earliest_certificate_expiry_and_tls_version_as_blackbox_does() throws Exception {
        Instant expiry = Instant.parse("2026-12-06T10:00:00Z");
        String body = scrape(List.of(
                new LatestResult("site", "eu-1", "eu-west", NOW, true, 12, 0.5, 1, 3, 10, 0.5, null, expiry, "TLS 1.3"),
                new LatestResult("plain", "eu-1", "eu-west", NOW, true, 12, 0.5, 1, 0, 10, 0.5, null)),
                List.of(probe("eu-1", "eu-west", ProbeStatus.UP)));

        assertThat(body).contains("probe_ssl_earliest_cert_expiry{check=\"site\",probe=\"eu-1\",region=\"eu-west\"} "
                        + (double) expiry.getEpochSecond())
                .contains("probe_tls_version_info{check=\"site\",probe=\"eu-1\",region=\"eu-west\",version=\"TLS 1.3\"} 1.0")
                .doesNotContain("probe_ssl_earliest_cert_expiry{check=\"plain\"")
                .doesNotContain("probe_tls_version_info{check=\"plain\"");
        assertThat(org.glassprobe.api.Promtool.checkMetrics(body)).isEmpty();
    }
}
