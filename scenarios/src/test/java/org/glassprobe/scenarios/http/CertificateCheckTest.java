package org.glassprobe.scenarios.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.TlsInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificates as blackbox_exporter and Gatus users watch them, against a local HTTPS server whose
 * certificates are made here with okhttp-tls: valid, expiring in 5 days, expired, for another host
 * name, from an untrusted issuer, and a chain whose intermediate expires before its leaf.
 */
class CertificateCheckTest {
    private static final Instant NOW = Instant.now();
    private static HeldCertificate root;
    private static HeldCertificate intermediate;
    private static OkHttpClient trustingRoot;
    private HttpsServer server;

    @BeforeAll
    static void makeAuthority() {
        root = new HeldCertificate.Builder().commonName("glassprobe test root").certificateAuthority(1)
                .validityInterval(NOW.minus(Duration.ofDays(1)).toEpochMilli(), NOW.plus(Duration.ofDays(3650)).toEpochMilli())
                .build();
        intermediate = intermediate(Duration.ofDays(365));
        HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(root.certificate())
                .build();
        trustingRoot = HttpStepExecutor.baseClient().newBuilder()
                .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
    }

    private static HeldCertificate intermediate(Duration validFor) {
        return new HeldCertificate.Builder().commonName("glassprobe test intermediate").certificateAuthority(0)
                .signedBy(root)
                .validityInterval(NOW.minus(Duration.ofDays(1)).toEpochMilli(), NOW.plus(validFor).toEpochMilli())
                .build();
    }

    private static HeldCertificate leaf(HeldCertificate issuer, String name, Instant notBefore, Instant notAfter) {
        return new HeldCertificate.Builder().commonName(name).addSubjectAlternativeName(name).signedBy(issuer)
                .validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli()).build();
    }

    private static HeldCertificate leaf(String name, Duration validFor) {
        return leaf(intermediate, name, NOW.minus(Duration.ofDays(1)), NOW.plus(validFor));
    }

    /** Serves /health over HTTPS with this leaf and chain, optionally only the given TLS protocol. */
    private String serve(HeldCertificate leaf, HeldCertificate chainCa, String protocol) throws Exception {
        HandshakeCertificates certs = new HandshakeCertificates.Builder()
                .heldCertificate(leaf, chainCa.certificate()).build();
        SSLContext context = certs.sslContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                var p = context.getDefaultSSLParameters();
                if (protocol != null) {
                    p.setProtocols(new String[] {protocol});
                }
                params.setSSLParameters(p);
            }
        });
        server.createContext("/health", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static CheckResult run(String target, String httpExtra, String expect, String warn) throws Exception {
        return TestChecks.run(TestChecks.parse("""
                name: certificate
                kind: ping
                retries: 0
                variables: {target: "https://127.0.0.1:1"}
                http: {url: "${target}/health"%s}
                expect: %s
                warn: %s
                """.formatted(httpExtra, expect, warn)), Map.of("target", target), trustingRoot);
    }

    private static StepResult step(CheckResult result) {
        return result.steps().get(0);
    }

    @Test
    void a_valid_certificate_passes_and_the_result_describes_the_handshake() throws Exception {
        HeldCertificate leaf = leaf("127.0.0.1", Duration.ofDays(30));
        String target = serve(leaf, intermediate, null);

        CheckResult result = run(target, "", "[\"[STATUS] == 200\", \"[CERTIFICATE_EXPIRATION] > 29d\","
                + " \"[CERTIFICATE_TRUSTED] == true\", \"[CERTIFICATE_HOSTNAME] == true\", \"[TLS_VERSION] == TLS 1.3\"]",
                "[\"[CERTIFICATE_EXPIRATION] > 14d\"]");

        assertThat(result.ok()).as(ResultJson.toPrettyJson(result)).isTrue();
        assertThat(result.warned()).isFalse();
        assertThat(result.warnings()).isEmpty();
        TlsInfo tls = step(result).tls();
        assertThat(tls.version()).isEqualTo("TLS 1.3");
        assertThat(tls.cipher()).startsWith("TLS_");
        assertThat(tls.subject()).isEqualTo("CN=127.0.0.1");
        assertThat(tls.issuer()).isEqualTo("CN=glassprobe test intermediate");
        assertThat(tls.fingerprintSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(leaf.certificate().getEncoded())));
        assertThat(tls.notAfter()).isEqualTo(leaf.certificate().getNotAfter().toInstant());
        assertThat(tls.earliestExpiry()).isEqualTo(tls.notAfter());
        assertThat(tls.trusted()).isTrue();
        assertThat(tls.hostnameMatch()).isTrue();
        assertThat(tls.problem()).isNull();
        assertThat(ResultJson.toJson(result)).contains("\"tls\":{\"version\":\"TLS 1.3\"")
                .contains("\"warn\":[{\"condition\":\"[CERTIFICATE_EXPIRATION] > 14d\",\"ok\":true")
                .doesNotContain("\"warnings\"");
    }

    @Test
    void a_certificate_expiring_in_5_days_passes_with_a_warning() throws Exception {
        String target = serve(leaf("127.0.0.1", Duration.ofDays(5)), intermediate, null);

        CheckResult result = run(target, "", "[\"[CERTIFICATE_EXPIRATION] > 0\"]",
                "[\"[CERTIFICATE_EXPIRATION] > 14d\"]");

        assertThat(result.ok()).as(ResultJson.toPrettyJson(result)).isTrue();
        assertThat(result.warned()).isTrue();
        assertThat(result.warnings()).hasSize(1);
        assertThat(result.warnings().get(0).step()).isEqualTo("http");
        assertThat(result.warnings().get(0).message())
                .startsWith("step \"http\": condition [CERTIFICATE_EXPIRATION] > 14d failed: actual 4");
        ConditionResult warn = step(result).warn().get(0);
        assertThat(warn.ok()).isFalse();
        assertThat(Long.parseLong(warn.actual())).isBetween(Duration.ofDays(5).minusMinutes(5).toMillis(),
                Duration.ofDays(5).toMillis());
        // the JSON carries the warnings, and reading it back gives the same
        CheckResult back = ResultJson.fromJson(ResultJson.toJson(result));
        assertThat(ResultJson.toJson(result)).contains("\"warnings\":[{\"step\":\"http\"");
        assertThat(back.warned()).isTrue();
        assertThat(back.steps().get(0).tls()).isEqualTo(step(result).tls());
    }

    @Test
    void an_expired_certificate_fails_the_handshake_saying_it_expired() throws Exception {
        HeldCertificate expired = leaf(intermediate, "127.0.0.1", NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(2)));
        String target = serve(expired, intermediate, null);

        CheckResult result = run(target, "", "[\"[STATUS] == 200\"]", "[]");

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.TLS);
        assertThat(result.error().message()).isEqualTo("TLS handshake with " + target.substring(8)
                + " failed: the certificate CN=127.0.0.1 expired at " + expired.certificate().getNotAfter().toInstant());
        TlsInfo tls = step(result).tls();
        assertThat(tls.trusted()).isFalse();
        assertThat(tls.hostnameMatch()).isTrue();
        assertThat(tls.earliestExpiry()).isBefore(NOW);
    }

    @Test
    void an_expired_certificate_accepted_as_untrusted_reports_negative_expiry() throws Exception {
        String target = serve(leaf(intermediate, "127.0.0.1", NOW.minus(Duration.ofDays(30)),
                NOW.minus(Duration.ofDays(2))), intermediate, null);

        CheckResult result = run(target, ", acceptUntrusted: true", "[\"[CERTIFICATE_EXPIRATION] > 0\"]", "[]");

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.CONDITION);
        assertThat(result.error().message()).startsWith("condition [CERTIFICATE_EXPIRATION] > 0 failed: actual \"-");
        assertThat(Long.parseLong(step(result).conditions().get(0).actual()))
                .isLessThan(-Duration.ofDays(2).toMillis() + 1);
        assertThat(step(result).status()).isEqualTo(200);
        assertThat(step(result).tls().trusted()).isFalse();
    }

    @Test
    void a_certificate_for_another_host_fails_naming_the_names_it_has() throws Exception {
        String target = serve(leaf("www.example.org", Duration.ofDays(30)), intermediate, null);

        CheckResult result = run(target, "", "[\"[STATUS] == 200\"]", "[]");

        assertThat(result.error().kind()).isEqualTo(ErrorKind.TLS);
        assertThat(result.error().message()).isEqualTo("TLS handshake with " + target.substring(8)
                + " failed: the certificate is not for 127.0.0.1 (it names www.example.org)");
        assertThat(step(result).tls().trusted()).isTrue();
        assertThat(step(result).tls().hostnameMatch()).isFalse();
    }

    @Test
    void a_certificate_for_another_host_accepted_is_seen_by_its_condition() throws Exception {
        String target = serve(leaf("www.example.org", Duration.ofDays(30)), intermediate, null);

        CheckResult accepted = run(target, ", acceptUntrusted: true",
                "[\"[STATUS] == 200\", \"[CERTIFICATE_HOSTNAME] == false\", \"[CERTIFICATE_TRUSTED] == true\"]", "[]");

        assertThat(accepted.ok()).as(ResultJson.toPrettyJson(accepted)).isTrue();
        assertThat(step(accepted).tls().problem())
                .isEqualTo("the certificate is not for 127.0.0.1 (it names www.example.org)");
    }

    @Test
    void an_untrusted_issuer_fails_and_can_be_accepted_while_its_expiry_is_watched() throws Exception {
        HeldCertificate stranger = new HeldCertificate.Builder().commonName("someone else's CA")
                .certificateAuthority(0).build();
        String target = serve(leaf(stranger, "127.0.0.1", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3))),
                stranger, null);

        CheckResult strict = run(target, "", "[\"[STATUS] == 200\"]", "[]");
        assertThat(strict.error().kind()).isEqualTo(ErrorKind.TLS);
        assertThat(strict.error().message()).isEqualTo("TLS handshake with " + target.substring(8)
                + " failed: the certificate's issuer CN=someone else's CA is not trusted (the chain ends in a root the"
                + " probe does not trust)");
        assertThat(step(strict).tls().trusted()).isFalse();

        CheckResult accepted = run(target, ", acceptUntrusted: true",
                "[\"[STATUS] == 200\", \"[CERTIFICATE_TRUSTED] == false\", \"[CERTIFICATE_EXPIRATION] > 0\"]",
                "[\"[CERTIFICATE_EXPIRATION] > 7d\"]");
        assertThat(accepted.ok()).as(ResultJson.toPrettyJson(accepted)).isTrue();
        assertThat(accepted.warned()).isTrue();
        assertThat(step(accepted).tls().issuer()).isEqualTo("CN=someone else's CA");
    }

    @Test
    void the_expiry_is_the_earliest_over_the_chain() throws Exception {
        HeldCertificate shortIntermediate = intermediate(Duration.ofDays(10));
        HeldCertificate leaf = leaf(shortIntermediate, "127.0.0.1", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(60)));
        String target = serve(leaf, shortIntermediate, null);

        CheckResult result = run(target, "", "[\"[CERTIFICATE_EXPIRATION] > 9d\", \"[CERTIFICATE_EXPIRATION] < 10d\"]",
                "[]");

        assertThat(result.ok()).as(ResultJson.toPrettyJson(result)).isTrue();
        TlsInfo tls = step(result).tls();
        assertThat(tls.notAfter()).isEqualTo(leaf.certificate().getNotAfter().toInstant());
        assertThat(tls.earliestExpiry()).isEqualTo(shortIntermediate.certificate().getNotAfter().toInstant());
        assertThat(tls.earliestExpirySubject()).isEqualTo("CN=glassprobe test intermediate");
    }

    @Test
    void the_tls_version_is_the_one_negotiated() throws Exception {
        String target = serve(leaf("127.0.0.1", Duration.ofDays(30)), intermediate, "TLSv1.2");

        CheckResult result = run(target, "", "[\"[TLS_VERSION] == any(TLS 1.2, TLS 1.3)\"]",
                "[\"[TLS_VERSION] == TLS 1.3\"]");

        assertThat(result.ok()).isTrue();
        assertThat(step(result).tls().version()).isEqualTo("TLS 1.2");
        assertThat(result.warnings()).extracting(w -> w.message())
                .containsExactly("step \"http\": condition [TLS_VERSION] == TLS 1.3 failed: actual TLS 1.2");
    }

    @Test
    void a_second_step_on_the_same_connection_still_knows_its_certificate() throws Exception {
        String target = serve(leaf("127.0.0.1", Duration.ofDays(30)), intermediate, null);

        CheckResult result = TestChecks.run(TestChecks.parse("""
                name: two-steps
                kind: scenario
                retries: 0
                variables: {target: "https://127.0.0.1:1"}
                steps:
                  - name: first
                    http: {url: "${target}/health"}
                    expect: ["[CERTIFICATE_TRUSTED] == true"]
                  - name: second
                    http: {url: "${target}/health"}
                    expect: ["[CERTIFICATE_TRUSTED] == true", "[CERTIFICATE_EXPIRATION] > 29d"]
                """), Map.of("target", target), trustingRoot);

        assertThat(result.ok()).as(ResultJson.toPrettyJson(result)).isTrue();
        assertThat(result.steps().get(1).phases().tls()).as("the connection is reused").isZero();
        assertThat(result.steps().get(1).tls()).isEqualTo(result.steps().get(0).tls());
        assertThat(result.earliestCertificate()).contains(result.steps().get(0).tls());
    }

    @Test
    void plain_http_has_no_certificate_facts() throws Exception {
        com.sun.net.httpserver.HttpServer plain = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        plain.start();
        try {
            CheckResult result = run("http://127.0.0.1:" + plain.getAddress().getPort(), "",
                    "[\"[STATUS] == 200\"]", "[\"[CERTIFICATE_TRUSTED] == true\"]");

            assertThat(result.ok()).isTrue();
            assertThat(step(result).tls()).isNull();
            assertThat(result.warnings()).extracting(w -> w.message()).containsExactly(
                    "step \"http\": condition [CERTIFICATE_TRUSTED] == true failed: actual nothing (no such value)");
            assertThat(result.earliestCertificate()).isEmpty();
        } finally {
            plain.stop(0);
        }
    }
}
