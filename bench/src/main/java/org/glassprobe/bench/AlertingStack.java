package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The usual open-source way to be told a site is down, as the detection benchmark's baseline:
 * Debian's Prometheus scraping blackbox_exporter's http_2xx probe of the demo site every 30 s, an
 * alert rule {@code probe_success == 0} with {@code for: 0s} evaluated every 30 s, and Alertmanager
 * sending a webhook (firing and resolved) at once. Each runs as a child process on 127.0.0.1, with
 * its data under the run folder; none of Debian's services is used.
 */
final class AlertingStack implements AutoCloseable {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path BLACKBOX = Path.of("/usr/bin/prometheus-blackbox-exporter");
    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    static final String ALERT = "DemoSiteDown";
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(30);
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(30);
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> started = new ArrayList<>();
    private final Path dir;
    private int prometheusPort;

    private AlertingStack(Path dir) {
        this.dir = dir;
    }

    /** What is missing to run the stack, with how to install it; empty when all three are installed. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(PROMETHEUS)) {
            missing.add(PROMETHEUS + " (apt-get install -y prometheus)");
        }
        if (!Files.isExecutable(BLACKBOX)) {
            missing.add(BLACKBOX + " (apt-get install -y prometheus-blackbox-exporter)");
        }
        if (!Files.isExecutable(ALERTMANAGER)) {
            missing.add(ALERTMANAGER + " (apt-get install -y prometheus-alertmanager)");
        }
        return missing;
    }

    /**
     * Starts the three, probing {@code target} and notifying {@code webhook}; returns once each
     * answers as ready. On any failure what was started is stopped.
     */
    static AlertingStack start(Path dir, String target, String webhook) throws IOException, InterruptedException {
        AlertingStack stack = new AlertingStack(dir);
        try {
            stack.begin(target, webhook);
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void begin(String target, String webhook) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int blackboxPort = freePort();
        int alertmanagerPort = freePort();
        prometheusPort = freePort();
        Files.writeString(dir.resolve("blackbox.yml"), """
                modules:
                  http_2xx:
                    prober: http
                    timeout: %ds
                    http: {preferred_ip_protocol: ip4}
                """.formatted(SCRAPE_TIMEOUT.toSeconds()));
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: bench
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: bench
                    webhook_configs:
                      - url: %s
                        send_resolved: true
                """.formatted(webhook));
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: bench
                    interval: %ds
                    rules:
                      - alert: %s
                        expr: probe_success == 0
                        for: 0s
                """.formatted(EVALUATION_INTERVAL.toSeconds(), ALERT));
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: %1$ds
                  scrape_timeout: %2$ds
                  evaluation_interval: %3$ds
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ["127.0.0.1:%4$d"]}]
                scrape_configs:
                  - job_name: blackbox
                    metrics_path: /probe
                    params: {module: [http_2xx]}
                    static_configs: [{targets: ["%5$s"]}]
                    relabel_configs:
                      - {source_labels: [__address__], target_label: __param_target}
                      - {source_labels: [__param_target], target_label: instance}
                      - {target_label: __address__, replacement: "127.0.0.1:%6$d"}
                """.formatted(SCRAPE_INTERVAL.toSeconds(), SCRAPE_TIMEOUT.toSeconds(), EVALUATION_INTERVAL.toSeconds(),
                alertmanagerPort, target, blackboxPort));
        run("blackbox", List.of(BLACKBOX.toString(), "--config.file=" + dir.resolve("blackbox.yml"),
                "--web.listen-address=127.0.0.1:" + blackboxPort));
        run("alertmanager", List.of(ALERTMANAGER.toString(), "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address="));
        run("prometheus", List.of(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort));
        awaitOk("blackbox_exporter", "http://127.0.0.1:" + blackboxPort + "/-/healthy");
        awaitOk("Alertmanager", "http://127.0.0.1:" + alertmanagerPort + "/-/ready");
        awaitOk("Prometheus", "http://127.0.0.1:" + prometheusPort + "/-/ready");
    }

    private void run(String name, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        p.getOutputStream().close();
        started.add(p);
    }

    private void awaitOk(String what, String url) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            for (Process p : started) {
                if (!p.isAlive()) {
                    throw new IOException(p.info().command().orElse("a process") + " exited with " + p.exitValue()
                            + "; see its log in " + dir);
                }
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IOException(what + " was not ready within " + START_LIMIT.toSeconds() + " s; see its log in " + dir);
    }

    /** The latest probe_success Prometheus holds (NaN before its first scrape). */
    double probeSuccess() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort
                + "/api/v1/query?query=" + URLEncoder.encode("probe_success", StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode result = r.statusCode() == 200 ? JSON.readTree(r.body()).path("data").path("result") : null;
        if (result == null || result.isEmpty()) {
            return Double.NaN;
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Waits (bounded) until Prometheus has scraped the site as up. */
    void awaitUp(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (probeSuccess() == 1.0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Prometheus did not see the demo site up within " + limit.toSeconds()
                + " s; see the logs in " + dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops what this started, by its process: politely, then for good. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }
}
