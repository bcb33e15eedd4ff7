package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/prometheus/ as a user runs it: Debian's Prometheus, on the example configuration with the
 * targets and token of a real local network, scrapes the API and every probe and finds the series
 * the example alerts use.
 */
class PrometheusScrapeIT {
    @Test
    void debians_prometheus_scrapes_a_running_network_with_the_example_configuration(@TempDir Path dir)
            throws Exception {
        Prometheus.assumeInstalled();
        int base = NetworkFixture.freeBasePort();
        LocalNetwork.Options options = new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-run-" + base), base, LocalNetwork.REGIONS, null,
                true, false, Map.of(), List.of("--pull-interval", "1s", "--heartbeat-interval", "1s"));
        try (LocalNetwork network = LocalNetwork.start(options, System.out)) {
            NetworkFixture.pushPing(network, "scraped", "[STATUS] == 200");
            String probes = LocalNetwork.REGIONS.stream()
                    .map(r -> "\"" + URI.create(network.probeLocalUrl(r)).getAuthority() + "\"")
                    .collect(Collectors.joining(", "));
            String config = Files.readString(Prometheus.EXAMPLE.resolve("prometheus.yml"))
                    .replace("15s", "1s")
                    .replace("\"127.0.0.1:8080\"", "\"" + URI.create(network.apiUrl()).getAuthority() + "\"")
                    .replace("\"127.0.0.1:8083\", \"127.0.0.1:8084\", \"127.0.0.1:8085\"", probes);
            assertThat(config).doesNotContain(":8080\"", ":8083\"");
            Files.writeString(dir.resolve("prometheus.yml"), config);
            Files.copy(Prometheus.EXAMPLE.resolve("alerts.yml"), dir.resolve("alerts.yml"));
            Files.writeString(dir.resolve("glassprobe-admin.token"), network.adminToken() + "\n");

            try (Prometheus prometheus = Prometheus.start(dir)) {
                try {
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        assertThat(values(prometheus.query("up{job=~\"glassprobe-.*\"}"))).hasSize(4).containsOnly("1");
                        assertThat(values(prometheus.query("glassprobe_check_state{check=\"scraped\"}")))
                                .containsExactly("1");
                        assertThat(prometheus.query("glassprobe_check_region_state{check=\"scraped\"}")).hasSize(3);
                        assertThat(values(prometheus.query("glassprobe_probe_up"))).hasSize(3).containsOnly("1");
                        assertThat(values(prometheus.query(
                                "probe_success{job=\"glassprobe-api\",check=\"scraped\"}"))).hasSize(3);
                        assertThat(values(prometheus.query(
                                "probe_http_status_code{job=\"glassprobe-probes\",check=\"scraped\"}")))
                                .hasSize(3).containsOnly("200");
                    });
                    // the example's rules loaded and evaluated (no alert needs to fire on a healthy network)
                    assertThat(prometheus.query("ALERTS{alertname=\"GlassprobeProbeDown\"}")).isEmpty();
                } catch (AssertionError | ConditionTimeoutException e) {
                    throw new AssertionError(e.getMessage() + "\nPrometheus' log ends:\n" + prometheus.logTail(), e);
                }
            }
        }
    }

    private static List<String> values(JsonNode vector) {
        return java.util.stream.StreamSupport.stream(vector.spliterator(), false)
                .map(s -> s.path("value").path(1).asText()).toList();
    }
}
