package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/prometheus/ is what Prometheus accepts: its configuration and its alert rules. */
class PrometheusExampleTest {
    @Test
    void promtool_accepts_the_example_configuration(@TempDir Path dir) throws Exception {
        Prometheus.assumeInstalled();
        Files.copy(Prometheus.EXAMPLE.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.copy(Prometheus.EXAMPLE.resolve("alerts.yml"), dir.resolve("alerts.yml"));
        Files.writeString(dir.resolve("glassprobe-admin.token"), "an-admin-token\n"); // as its comment asks

        Prometheus.Result r = Prometheus.promtool(dir, "check", "config", "prometheus.yml");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void promtool_accepts_the_example_alert_rules() throws Exception {
        Prometheus.Result r = Prometheus.promtool(Prometheus.EXAMPLE, "check", "rules", "alerts.yml");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    void the_example_alerts_fire_on_the_decision_and_on_a_stopped_probe_and_not_on_a_healthy_check()
            throws Exception {
        Prometheus.Result r = Prometheus.promtool(Prometheus.EXAMPLE, "test", "rules", "alerts_test.yml");

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }
}
