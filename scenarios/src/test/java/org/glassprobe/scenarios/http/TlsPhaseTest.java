package org.glassprobe.scenarios.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPS targets: the TLS handshake is timed in its own phase, and a certificate problem is a tls failure. */
class TlsPhaseTest {
    private HeldCertificate certificate;
    private HttpsServer server;

    @BeforeEach
    void startHttpsServer() throws Exception {
        certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").duration(30, java.util.concurrent.TimeUnit.DAYS).build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCerts.sslContext()));
        server.createContext("/health", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Check check() throws Exception {
        return TestChecks.parse("""
                name: https
                kind: ping
                retries: 0
                variables: {target: "https://127.0.0.1:1"}
                http: {url: "${target}/health"}
                expect:
                  - "[STATUS] == 200"
                  - "[CERTIFICATE_EXPIRATION] > 48h"
                """);
    }

    @Test
    void https_target_has_a_tls_phase_and_certificate_expiry() throws Exception {
        HandshakeCertificates trusting = new HandshakeCertificates.Builder()
                .addTrustedCertificate(certificate.certificate()).build();
        OkHttpClient client = HttpStepExecutor.baseClient().newBuilder()
                .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager()).build();

        CheckResult result = TestChecks.run(check(),
                Map.of("target", "https://127.0.0.1:" + server.getAddress().getPort()), client);

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.steps().get(0).phases().tls()).isPositive();
        assertThat(result.steps().get(0).phases().connect()).isPositive();
    }

    @Test
    void untrusted_certificate_is_a_tls_failure() throws Exception {
        CheckResult result = TestChecks.run(check(),
                Map.of("target", "https://127.0.0.1:" + server.getAddress().getPort()));

        assertThat(result.error().kind()).isEqualTo(ErrorKind.TLS);
        assertThat(result.error().message()).startsWith("TLS handshake with 127.0.0.1:" + server.getAddress().getPort()
                + " failed:");
        assertThat(result.steps().get(0).phases().tls()).isPositive();
    }
}
