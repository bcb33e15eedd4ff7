package org.glassprobe.scenarios;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the HTTP code path a few times against a throwaway server on loopback before anything is
 * measured. In a fresh JVM the first request spends tens of milliseconds loading classes (and
 * more initialising TLS); without this, a one-off run from the command line would report the
 * JVM's start-up as the site's latency. The target is never contacted.
 */
public final class Warmup {
    private static final Logger logger = LoggerFactory.getLogger(Warmup.class);
    /**
     * Rounds of the warm-up: the first loads the classes (most of its time), the next two run the
     * loaded code; beyond that the run's own time goes up without its measurement getting truer
     * (bench cli prints both).
     */
    private static final int ROUNDS = 3;
    private static final long BUDGET_NANOS = 1_500_000_000L;
    private static final String CHECK = """
            name: warm-up
            kind: scenario
            timeout: 5s
            retries: 0
            variables: {target: "http://127.0.0.1:1"}
            steps:
              - name: post
                http:
                  method: POST
                  url: ${target}/warm
                  body: {json: {a: "${target}"}}
                capture: {v: {json: v}}
                expect: ["[STATUS] == 200", "[BODY].v == 1", "[HEADER].content-type == application/json"]
              - name: get
                http: {url: "${target}/warm?v=${v}"}
            """;

    private Warmup() {}

    /** Whether any step of the check talks HTTPS (so TLS is worth warming too). */
    public static boolean usesTls(Check check) {
        return check.steps().stream().anyMatch(s -> s instanceof HttpStep h
                && h.request().url().source().toLowerCase(java.util.Locale.ROOT).contains("https:"))
                || check.variables().values().stream()
                        .anyMatch(v -> v.map(x -> x.toLowerCase(java.util.Locale.ROOT).startsWith("https:")).orElse(false));
    }

    /** Warms the plain HTTP path, and the TLS path too when asked; failures are logged, never thrown. */
    public static void run(boolean tls) {
        plain();
        if (tls) {
            tls();
        }
    }

    /** Warms the plain HTTP path; failures are logged, never thrown. */
    public static void plain() {
        warm(false);
    }

    /** Warms the TLS path (a handshake with a throwaway certificate); failures are logged, never thrown. */
    public static void tls() {
        warm(true);
    }

    private static void warm(boolean tls) {
        long start = System.nanoTime();
        try {
            Check check = CheckLanguage.standard().parser().parse(new Check.Source("warm-up", CHECK, "yaml"),
                    FileResolver.none());
            warm(check, tls);
        } catch (Exception | LinkageError e) {
            logger.atWarn().setCause(e).log("warm-up failed; the first measurement may include JVM start-up");
        }
        logger.atDebug().addKeyValue("tls", tls).addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                .log("warm-up done");
    }

    private static void warm(Check check, boolean tls) throws Exception {
        HttpServer server;
        OkHttpClient client = HttpStepExecutor.baseClient();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls) {
            HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
                    .duration(1, TimeUnit.HOURS).build();
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(new HandshakeCertificates.Builder()
                    .heldCertificate(certificate).build().sslContext()));
            HandshakeCertificates trust = new HandshakeCertificates.Builder()
                    .addTrustedCertificate(certificate.certificate()).build();
            client = client.newBuilder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
            server = https;
        } else {
            server = HttpServer.create(loopback, 0);
        }
        server.createContext("/warm", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String target = (tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
        try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(
                new HttpStepExecutor(client, Clock.systemUTC()))), Clock.systemUTC())) {
            RunOptions options = RunOptions.defaults().withVariables(Map.of("target", target));
            long until = System.nanoTime() + BUDGET_NANOS;
            for (int i = 0; i < ROUNDS && System.nanoTime() - until < 0; i++) {
                runner.run(check, options);
            }
        } finally {
            server.stop(0);
        }
    }
}
