package org.glassprobe.api.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import okhttp3.tls.HeldCertificate;

/**
 * A real SMTP server on loopback (GreenMail), plain or with implicit TLS (SMTPS), on a port it keeps
 * across a stop and a start. Its TLS certificate is made here for localhost and 127.0.0.1, so that
 * a test can trust it through {@code smtp.certificate} with the host name verified; GreenMail reads
 * it once per JVM, from a system property set before its first TLS server starts.
 */
final class Relay implements AutoCloseable {
    private static final String PASSWORD = "relay-keystore";
    static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder().commonName("localhost")
            .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();

    static {
        try {
            Path file = Files.createTempFile("glassprobe-relay", ".p12");
            file.toFile().deleteOnExit();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("greenmail", CERTIFICATE.keyPair().getPrivate(), PASSWORD.toCharArray(),
                    new Certificate[] {CERTIFICATE.certificate()});
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            System.setProperty("greenmail.tls.keystore.file", file.toString());
            System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the test relay's keystore cannot be written", e);
        }
    }

    private final boolean tls;
    private final int port;
    private GreenMail mail;
    private final java.util.Map<String, String[]> users = new java.util.LinkedHashMap<>();

    private Relay(boolean tls) {
        this.tls = tls;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        start();
    }

    /** A plain SMTP server: it offers no STARTTLS. */
    static Relay plain() {
        return new Relay(false);
    }

    /** An SMTPS server (TLS from the first byte) with {@link #CERTIFICATE}. */
    static Relay tls() {
        return new Relay(true);
    }

    /** A login the relay accepts (it takes mail without one too). */
    Relay user(String email, String login, String password) {
        users.put(email, new String[] {login, password});
        mail.setUser(email, login, password);
        return this;
    }

    void start() {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", tls ? ServerSetup.PROTOCOL_SMTPS
                : ServerSetup.PROTOCOL_SMTP));
        mail.start();
        users.forEach((email, login) -> mail.setUser(email, login[0], login[1]));
    }

    void stop() {
        mail.stop();
    }

    int port() {
        return port;
    }

    List<MimeMessage> received() {
        return List.of(mail.getReceivedMessages());
    }

    static String certificatePem() {
        return CERTIFICATE.certificatePem();
    }

    @Override
    public void close() {
        mail.stop();
    }
}
