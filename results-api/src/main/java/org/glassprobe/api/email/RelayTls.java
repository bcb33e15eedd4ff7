package org.glassprobe.api.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to one relay: trusts the JVM's trust store and, when the subscription gives one, its own
 * certificate; always verifies that the certificate is the relay's host name. The connection is
 * made to an address the target policy checked, so Jakarta Mail knows only that address: this
 * factory puts the host name back for SNI and the verification, whatever host it is handed.
 */
final class RelayTls extends SSLSocketFactory {
    private final String host;
    private final SSLSocketFactory tls;
    private final Deadline deadline;

    RelayTls(String host, String certificate, Deadline deadline) throws GeneralSecurityException, IOException {
        this.host = host;
        this.deadline = deadline;
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust(certificate)}, null);
        this.tls = context.getSocketFactory();
    }

    /** Layers TLS over a connected socket, for the host name this factory was made for. */
    @Override
    public Socket createSocket(Socket socket, String ignoredHost, int port, boolean autoClose) throws IOException {
        deadline.watch(socket);
        return verified((SSLSocket) tls.createSocket(socket, host, port, autoClose));
    }

    /** Refused: a connection by name would skip the target policy; connect to a checked address instead. */
    @Override
    public Socket createSocket(String ignoredHost, int port) throws IOException {
        throw new java.net.SocketException("connect to an address the target policy checked, then layer TLS over it");
    }

    /** Refused: a connection by name would skip the target policy; connect to a checked address instead. */
    @Override
    public Socket createSocket(String ignoredHost, int port, InetAddress local, int localPort) throws IOException {
        throw new java.net.SocketException("connect to an address the target policy checked, then layer TLS over it");
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return createSocket(new Socket(address, port), host, port, true);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return createSocket(new Socket(address, port, local, localPort), host, port, true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** The JVM checks the certificate's names against the host (RFC 2818 rules, as for HTTPS). */
    private static SSLSocket verified(SSLSocket socket) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static X509ExtendedTrustManager trust(String certificate) throws GeneralSecurityException, IOException {
        X509ExtendedTrustManager jvm = manager(null);
        if (certificate == null) {
            return jvm;
        }
        KeyStore own = KeyStore.getInstance(KeyStore.getDefaultType());
        own.load(null, null);
        List<X509Certificate> certificates = EmailSubscription.certificates(certificate);
        for (int i = 0; i < certificates.size(); i++) {
            own.setCertificateEntry("subscription-" + i, certificates.get(i));
        }
        return new Either(jvm, manager(own));
    }

    private static X509ExtendedTrustManager manager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JVM has no X.509 trust manager");
    }

    /** Trusts a server that either manager trusts (each checks the host name too); never a client. */
    private static final class Either extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        private interface Check {
            void run(X509ExtendedTrustManager m) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(first);
            } catch (CertificateException e) {
                try {
                    check.run(second);
                } catch (CertificateException also) {
                    e.addSuppressed(also);
                    throw e;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the notifier is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the notifier is never a TLS server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the notifier is never a TLS server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
