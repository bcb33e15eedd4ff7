package org.glassprobe.probe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.probe.spool.SpoolStats;
import org.glassprobe.scenarios.result.Attempt;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scheduler.SchedulerStats;
import org.junit.jupiter.api.Test;

class LocalServerTest {
    private static CheckResult result(String check, boolean ok) {
        RunError error = ok ? null : new RunError(ErrorKind.STATUS, "http", "condition [STATUS] == 200 failed");
        StepResult step = new StepResult("http", "http", ok, 12.5, null, ok ? 200 : 503,
                new Phases(0.5, 1.0, 0, 10.0, 1.0), List.of(), Map.of(), null, Map.of(), List.of(),
                ok ? null : new RunError(ErrorKind.STATUS, null, "condition [STATUS] == 200 failed"));
        return CheckResult.of(UUID.randomUUID(), check, "ping",
                List.of(new Attempt(1, Instant.now(), 12.5, ok, List.of(step), error)));
    }

    /** A passed run over TLS whose chain's first certificate expires at this instant. */
    private static CheckResult overTls(String check, Instant expiry, String version) {
        org.glassprobe.scenarios.result.TlsInfo tls = new org.glassprobe.scenarios.result.TlsInfo(version,
                "TLS_AES_128_GCM_SHA256", "CN=site", "CN=ca", "ab", expiry.plusSeconds(86_400), expiry, "CN=ca", true,
                true, null);
        StepResult step = new StepResult("http", "http", true, 12.5, null, 200, new Phases(0.5, 1.0, 2.0, 8.0, 1.0),
                List.of(), Map.of(), null, Map.of(), List.of(), null, null, null, null, tls, null);
        return CheckResult.of(UUID.randomUUID(), check, "ping",
                List.of(new Attempt(1, Instant.now(), 12.5, true, List.of(step), null)));
    }

    /** Metrics with a spool, a scheduler, a passed and a failed result and two missed runs. */
    private static ProbeMetrics fedMetrics() {
        ProbeMetrics metrics = new ProbeMetrics();
        metrics.watch(() -> new SpoolStats(3, 4096, 1, 10),
                () -> new SchedulerStats(2, 1, 50, 4, Duration.ofMillis(2), Duration.ofMillis(40)),
                () -> new long[] {47, 0, 2});
        metrics.record(result("demo-health", true));
        metrics.record(result("image-roundtrip", false));
        metrics.record(overTls("site", Instant.parse("2026-12-20T00:00:00Z"), "TLS 1.3"));
        metrics.missed("image-roundtrip", 2);
        return metrics;
    }

    @Test
    void metrics_use_blackbox_exporter_names_and_healthz_answers() throws Exception {
        ProbeMetrics metrics = fedMetrics();
        metrics.lateness(Duration.ofMillis(3));
        metrics.lateness(Duration.ofMillis(30));
        try (LocalServer server = LocalServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                metrics, () -> "{\"status\":\"ok\"}")) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("probe_success{check=\"demo-health\"} 1.0")
                    .contains("probe_success{check=\"image-roundtrip\"} 0.0")
                    .contains("probe_duration_seconds{check=\"demo-health\"} 0.0125")
                    .contains("probe_http_duration_seconds{check=\"demo-health\",phase=\"processing\"} 0.01")
                    .contains("probe_http_status_code{check=\"image-roundtrip\"} 503.0")
                    .contains("glassprobe_probe_runs_total{check=\"image-roundtrip\",outcome=\"status\"} 1.0")
                    .contains("glassprobe_probe_missed_runs_total{check=\"image-roundtrip\"} 2.0")
                    .contains("glassprobe_probe_spool_pending 3.0")
                    .contains("glassprobe_probe_spool_dropped_total 1.0")
                    .contains("glassprobe_probe_results_unassigned_total 2.0")
                    .contains("glassprobe_probe_lateness_p99_seconds 0.04")
                    .contains("glassprobe_probe_lateness_seconds_bucket{le=\"0.002\"} 0")
                    .contains("glassprobe_probe_lateness_seconds_bucket{le=\"0.005\"} 1")
                    .contains("glassprobe_probe_lateness_seconds_bucket{le=\"0.02\"} 1")
                    .contains("glassprobe_probe_lateness_seconds_bucket{le=\"+Inf\"} 2")
                    .contains("glassprobe_probe_lateness_seconds_count 2")
                    .contains("jvm_memory_used_bytes");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");

            metrics.forget("demo-health");
            String after = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(after).doesNotContain("probe_success{check=\"demo-health\"}");
        }
    }

    @Test
    void a_clean_up_step_is_not_part_of_the_checks_phases_or_status() throws Exception {
        ProbeMetrics metrics = new ProbeMetrics();
        metrics.watch(() -> new SpoolStats(0, 0, 0, 0),
                () -> new SchedulerStats(0, 0, 0, 0, Duration.ZERO, Duration.ZERO), () -> new long[] {0, 0, 0});
        StepResult upload = new StepResult("upload", "http", true, 12.5, null, 201,
                new Phases(0.5, 1.0, 0, 10.0, 1.0), List.of(), Map.of(), null, Map.of(), List.of(), null);
        StepResult delete = new StepResult("delete", "http", true, 100, null, 204,
                new Phases(0, 0, 0, 100.0, 0), List.of(), Map.of(), null, Map.of(), List.of(), null).asCleanup();
        metrics.record(CheckResult.of(UUID.randomUUID(), "put", "scenario",
                List.of(new Attempt(1, Instant.now(), 12.5, true, List.of(upload, delete), null))));
        try (LocalServer server = LocalServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                metrics, () -> "{\"status\":\"ok\"}")) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("probe_http_duration_seconds{check=\"put\",phase=\"processing\"} 0.01")
                    .contains("probe_http_status_code{check=\"put\"} 201.0");
        }
    }

    @Test
    void promtool_accepts_the_probes_metrics() throws Exception {
        Promtool.assumeInstalled();
        ProbeMetrics metrics = fedMetrics();
        try (LocalServer server = LocalServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                metrics, () -> "{\"status\":\"ok\"}")) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(Promtool.checkMetrics(body)).isEmpty();
        }
    }

    @Test
    void a_check_that_measured_no_http_status_or_phase_exports_no_such_series() throws Exception {
        ProbeMetrics metrics = new ProbeMetrics();
        StepResult page = new StepResult("open", "browser", true, 800, null, null, null, List.of(), Map.of(), null,
                Map.of("loadEventEnd", 700.0), List.of(), null);
        metrics.record(CheckResult.of(UUID.randomUUID(), "journey", "scenario",
                List.of(new Attempt(1, Instant.now(), 800, true, List.of(page), null))));
        metrics.record(result("api", true));
        metrics.record(CheckResult.of(UUID.randomUUID(), "api", "scenario",
                List.of(new Attempt(1, Instant.now(), 800, true, List.of(page), null))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        String body = out.toString(StandardCharsets.UTF_8);

        assertThat(body).contains("probe_success{check=\"journey\"} 1.0")
                .doesNotContain("probe_http_status_code{check=\"journey\"}")
                .doesNotContain("probe_http_duration_seconds{check=\"journey\"")
                .doesNotContain("probe_http_status_code{check=\"api\"}")
                .doesNotContain("probe_http_duration_seconds{check=\"api\"");
    }

    @Test
    void an_http_check_whose_request_got_no_answer_reports_status_0_as_blackbox_exporter_does() throws Exception {
        ProbeMetrics metrics = new ProbeMetrics();
        metrics.record(result("api", false));
        StepResult refused = new StepResult("http", "http", false, 1.5, null, null, new Phases(0.5, 1.0, 0, 0, 0),
                List.of(), Map.of(), null, Map.of(), List.of(),
                new RunError(ErrorKind.CONNECT, null, "connection refused"));
        metrics.record(CheckResult.of(UUID.randomUUID(), "api", "ping", List.of(new Attempt(1, Instant.now(), 1.5,
                false, List.of(refused), new RunError(ErrorKind.CONNECT, "http", "connection refused")))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("probe_http_status_code{check=\"api\"} 0.0")
                .contains("probe_http_duration_seconds{check=\"api\",phase=\"connect\"} 0.001");
    }

    @Test
    void a_run_over_tls_exports_its_earliest_certificate_expiry_and_version_and_only_the_latest_version() throws Exception {
        ProbeMetrics metrics = new ProbeMetrics();
        Instant expiry = Instant.parse("2026-12-20T00:00:00Z");
        metrics.record(overTls("site", expiry, "TLS 1.2"));
        metrics.record(overTls("site", expiry, "TLS 1.3"));
        metrics.record(result("plain", true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        String body = out.toString(StandardCharsets.UTF_8);

        assertThat(body).contains("probe_ssl_earliest_cert_expiry{check=\"site\"} " + (double) expiry.getEpochSecond())
                .contains("probe_tls_version_info{check=\"site\",version=\"TLS 1.3\"} 1.0")
                .doesNotContain("version=\"TLS 1.2\"")
                .doesNotContain("probe_ssl_earliest_cert_expiry{check=\"plain\"}");

        metrics.record(result("site", true)); // the site moved to plain HTTP: its TLS series go
        out.reset();
        metrics.write(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("probe_ssl_earliest_cert_expiry{check=\"site\"}")
                .doesNotContain("probe_tls_version_info{check=\"site\"");
    }
}
