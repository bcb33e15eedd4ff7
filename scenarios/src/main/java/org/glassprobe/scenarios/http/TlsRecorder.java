package org.glassprobe.scenarios.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.internal.tls.OkHostnameVerifier;
import org.glassprobe.scenarios.result.TlsInfo;

/**
 * Sees every certificate chain the servers of one attempt present: its trust manager records the
 * chain, whether it validates against the probe's trust store (the base client's) and whether it
 * names the host, then decides as the base client would (strict) or lets the handshake go on
 * (accepting an untrusted chain, so that a check can still watch its expiry). What it saw is
 * looked up by the connection's socket, or, for a handshake that was refused, as the newest seen.
 */
final class TlsRecorder {
    /** One chain a server presented, and what was found of it. */
    record Seen(String host, List<X509Certificate> chain, String protocol, String cipher, boolean trusted,
            String untrustedWhy, boolean hostnameMatch) {}

    private final Map<Socket, Seen> bySocket = new WeakHashMap<>();
    private final List<Seen> all = new ArrayList<>();

    /**
     * The base client with this recorder's trust manager: strict refuses what the base refuses;
     * otherwise any chain and host name are accepted (and recorded). Null when the base has no
     * trust manager to start from.
     */
    OkHttpClient.Builder install(OkHttpClient.Builder builder, OkHttpClient base, boolean acceptUntrusted) {
        X509TrustManager delegate = base.x509TrustManager();
        if (delegate == null) {
            return builder;
        }
        Recording trust = new Recording(delegate, acceptUntrusted);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context", e);
        }
        HostnameVerifier verifier = acceptUntrusted ? (host, session) -> true : base.hostnameVerifier();
        return builder.sslSocketFactory(context.getSocketFactory(), trust).hostnameVerifier(verifier);
    }

    /** How many chains were seen so far: a mark to ask {@link #newestSince} with. */
    synchronized int mark() {
        return all.size();
    }

    /** The newest chain seen after the mark (a handshake that failed has no connection to ask by). */
    synchronized Optional<Seen> newestSince(int mark) {
        return all.size() > mark ? Optional.of(all.get(all.size() - 1)) : Optional.empty();
    }

    /**
     * What was seen on this connection's socket; a resumed TLS session shows no chain to the trust
     * manager, so then the chain the session remembers, found among those seen before.
     */
    synchronized Optional<Seen> of(Socket socket) {
        Seen seen = bySocket.get(socket);
        if (seen != null || !(socket instanceof SSLSocket ssl)) {
            return Optional.ofNullable(seen);
        }
        try {
            Certificate[] peer = ssl.getSession().getPeerCertificates();
            if (peer.length == 0) {
                return Optional.empty();
            }
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).chain().get(0).equals(peer[0])) {
                    return Optional.of(all.get(i));
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private synchronized void record(Socket socket, Seen seen) {
        all.add(seen);
        if (socket != null) {
            bySocket.put(socket, seen);
        }
    }

    /** The result's TLS facts of a chain seen. */
    static TlsInfo info(Seen seen) {
        X509Certificate leaf = seen.chain().get(0);
        X509Certificate first = seen.chain().stream().min(Comparator.comparing(X509Certificate::getNotAfter))
                .orElse(leaf);
        String problem = null;
        if (!seen.trusted()) {
            problem = seen.untrustedWhy();
        }
        if (!seen.hostnameMatch()) {
            String wrongName = "the certificate is not for " + seen.host() + " (it names "
                    + String.join(", ", names(leaf)) + ")";
            problem = problem == null ? wrongName : problem + "; " + wrongName;
        }
        return new TlsInfo(TlsInfo.versionName(seen.protocol()), seen.cipher(),
                leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(), sha256(leaf),
                leaf.getNotAfter().toInstant(), first.getNotAfter().toInstant(),
                first.getSubjectX500Principal().getName(), seen.trusted(), seen.hostnameMatch(), problem);
    }

    /** The DNS names and addresses a certificate is for (its subject alternative names), or its subject. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    Object type = name.get(0);
                    if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) && name.size() > 1) {
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // no readable names: the subject says what it is for
        }
        return names.isEmpty() ? List.of(certificate.getSubjectX500Principal().getName()) : names;
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Why a chain does not validate, in a person's words: a certificate expired or not yet valid
     * (by the probe's clock, which the JDK's validation reads too), an issuer the probe does not
     * trust, or else what the JDK said.
     */
    static String untrustedWhy(List<X509Certificate> chain, CertificateException failure, Instant now) {
        List<String> why = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (c.getNotAfter().toInstant().isBefore(now)) {
                why.add("the certificate " + c.getSubjectX500Principal().getName() + " expired at "
                        + c.getNotAfter().toInstant());
            } else if (c.getNotBefore().toInstant().isAfter(now)) {
                why.add("the certificate " + c.getSubjectX500Principal().getName() + " is not valid before "
                        + c.getNotBefore().toInstant());
            }
        }
        if (NetworkFailures.hasCause(failure, java.security.cert.CertPathBuilderException.class)) {
            X509Certificate top = chain.get(chain.size() - 1);
            String issuer = top.getIssuerX500Principal().getName();
            boolean selfSigned = issuer.equals(top.getSubjectX500Principal().getName());
            why.add("the certificate's issuer " + issuer + " is not trusted ("
                    + (selfSigned && chain.size() == 1 ? "a self-signed certificate"
                            : selfSigned ? "the chain ends in a root the probe does not trust"
                            : "no root the probe trusts signed the chain") + ")");
        }
        if (why.isEmpty()) {
            why.add("the chain does not validate: " + NetworkFailures.rootMessage(failure));
        }
        return String.join("; ", why);
    }

    /** Records what it is shown, then trusts as the base client does, or accepts. */
    private final class Recording extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;
        private final boolean accept;

        Recording(X509TrustManager delegate, boolean accept) {
            this.delegate = delegate;
            this.accept = accept;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
            check(chain, authType, socket, session, () -> {
                if (delegate instanceof X509ExtendedTrustManager extended) {
                    extended.checkServerTrusted(chain, authType, socket);
                } else {
                    delegate.checkServerTrusted(chain, authType);
                }
            });
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType, null, engine == null ? null : engine.getHandshakeSession(), () -> {
                if (delegate instanceof X509ExtendedTrustManager extended) {
                    extended.checkServerTrusted(chain, authType, engine);
                } else {
                    delegate.checkServerTrusted(chain, authType);
                }
            });
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, null, null, () -> delegate.checkServerTrusted(chain, authType));
        }

        private void check(X509Certificate[] chain, String authType, Socket socket, SSLSession session,
                TrustCheck trustCheck) throws CertificateException {
            if (chain == null || chain.length == 0) {
                trustCheck.run();
                return;
            }
            CertificateException failure = null;
            try {
                trustCheck.run();
            } catch (CertificateException e) {
                failure = e;
            }
            String host = session == null ? null : session.getPeerHost();
            boolean hostnameMatch = host != null && OkHostnameVerifier.INSTANCE.verify(host, chain[0]);
            List<X509Certificate> certificates = List.of(chain);
            record(socket, new Seen(host, certificates, session == null ? null : session.getProtocol(),
                    session == null ? null : session.getCipherSuite(), failure == null,
                    // the JDK's validation reads the system clock, so its words about dates must too
                    failure == null ? null : untrustedWhy(certificates, failure, Instant.now()), hostnameMatch));
            if (failure != null && !accept) {
                throw failure;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a probe does not take client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a probe does not take client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a probe does not take client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    @FunctionalInterface
    private interface TrustCheck {
        void run() throws CertificateException;
    }
}
