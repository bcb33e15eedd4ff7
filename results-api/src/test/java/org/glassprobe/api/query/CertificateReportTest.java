package org.glassprobe.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.Promtool;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.TlsInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API makes of the TLS a probe saw, through the real API: /metrics in blackbox_exporter's
 * names, the check's page with the days left, and the result served back as it was sent.
 */
class CertificateReportTest {
    @TempDir
    Path dir;
    TestApi api;
    String eu;
    String us;

    @BeforeEach
    void start() {
        api = new TestApi(dir);
        eu = api.enrol("eu-1", "eu-west");
        us = api.enrol("us-1", "us-east");
        api.post("/api/v1/probe/heartbeat", eu, "{}");
        api.post("/api/v1/probe/heartbeat", us, "{}");
        assertThat(api.putYaml("shop", "name: shop\nkind: ping\ninterval: 1h\n"
                + "http: {url: \"https://shop.example/\"}\nwarn: [\"[CERTIFICATE_EXPIRATION] > 14d\"]\n").status())
                .isBetween(200, 201);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A run over TLS whose chain's first certificate expires at this instant. */
    static CheckResult overTls(Instant at, Instant expiry, String version, boolean ok) {
        TlsInfo tls = new TlsInfo(version, "TLS_AES_128_GCM_SHA256", "CN=shop.example", "CN=Example CA",
                "0a1b", expiry.plus(Duration.ofDays(30)), expiry, "CN=Example CA", ok, true,
                ok ? null : "the certificate CN=shop.example expired at " + expiry);
        Phases phases = new Phases(0.5, 1, 3, 10, 0.5);
        boolean warned = ok && expiry.isBefore(at.plus(Duration.ofDays(14)));
        ConditionResult warn = new ConditionResult("[CERTIFICATE_EXPIRATION] > 14d", !warned,
                Long.toString(expiry.toEpochMilli() - at.toEpochMilli()), "14d", false);
        RunError error = ok ? null : new RunError(ErrorKind.TLS, null, "TLS handshake with shop.example:443 failed: "
                + tls.problem());
        StepResult step = new StepResult("http", "http", ok, phases.sum(), new StepResult.Request("GET",
                "https://shop.example/"), ok ? 200 : null, phases, List.of(), Map.of(), null, Map.of(), List.of(),
                error, null, null, null, tls, ok ? List.of(warn) : List.of());
        return new CheckResult(UUID.randomUUID(), "shop", "ping", at, phases.sum(), ok, 1, List.of(step),
                ok ? null : new RunError(ErrorKind.TLS, "http", error.message()), List.of());
    }

    @Test
    void metrics_have_the_earliest_certificate_expiry_and_tls_version_per_probe() throws Exception {
        Instant now = api.clock.instant();
        Instant euExpiry = now.plus(Duration.ofDays(20));
        Instant usExpiry = now.minus(Duration.ofDays(2));
        assertThat(api.postResults(eu, List.of(overTls(now, euExpiry, "TLS 1.3", true))).status()).isEqualTo(200);
        assertThat(api.postResults(us, List.of(overTls(now, usExpiry, "TLS 1.2", false))).status()).isEqualTo(200);

        String metrics = api.get("/metrics", ADMIN).body();

        assertThat(metrics)
                .contains("probe_ssl_earliest_cert_expiry{check=\"shop\",probe=\"eu-1\",region=\"eu-west\"} "
                        + seconds(euExpiry))
                .contains("probe_ssl_earliest_cert_expiry{check=\"shop\",probe=\"us-1\",region=\"us-east\"} "
                        + seconds(usExpiry))
                .contains("probe_tls_version_info{check=\"shop\",probe=\"eu-1\",region=\"eu-west\",version=\"TLS 1.3\"} 1.0")
                .contains("probe_tls_version_info{check=\"shop\",probe=\"us-1\",region=\"us-east\",version=\"TLS 1.2\"} 1.0");
        assertThat(Promtool.checkMetrics(metrics)).isEmpty();
    }

    @Test
    void the_checks_page_shows_the_days_left_per_region_and_a_result_keeps_its_tls() throws Exception {
        Instant now = api.clock.instant();
        CheckResult euRun = overTls(now, now.plus(Duration.ofDays(5)).plusSeconds(60), "TLS 1.3", true);
        assertThat(api.postResults(eu, List.of(euRun)).status()).isEqualTo(200);
        assertThat(api.postResults(us, List.of(overTls(now, now.minus(Duration.ofDays(2)), "TLS 1.3", false)))
                .status()).isEqualTo(200);

        String page = api.get("/checks/shop", null).body();
        assertThat(page).contains("<th scope=\"col\">Certificate</th>")
                .containsPattern("<tr data-region=\"eu-west\">[\\s\\S]*?<td class=\"certificate\"><time datetime=\""
                        + "[^\"]+\"[^>]*>5 days left</time></td>")
                .containsPattern("<tr data-region=\"us-east\">[\\s\\S]*?<td class=\"certificate\"><time[^>]*>expired"
                        + " 2 days ago</time></td>")
                .contains("<span class=\"warning\">warned: step \"http\": condition [CERTIFICATE_EXPIRATION] &gt;"
                        + " 14d failed: actual ");

        String served = api.get("/api/v1/checks/shop/results?region=eu-west", ADMIN).body();
        assertThat(served).contains("\"tls\":{\"version\":\"TLS 1.3\"").contains("\"warnings\":[{\"step\":\"http\"");
    }

    private static String seconds(Instant t) {
        return Double.toString(t.toEpochMilli() / 1000.0);
    }
}
