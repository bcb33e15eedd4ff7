package org.glassprobe.scenarios.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Handshake;
import okhttp3.Protocol;
import okhttp3.Response;
import org.glassprobe.scenarios.result.Phases;

/**
 * Times one call's network phases, blackbox_exporter style: {@code resolve}, {@code connect}
 * (TCP only), {@code tls}, {@code processing} (connection in hand to first response byte) and
 * {@code transfer} (first byte to last), each summed over redirect hops. One instance per call;
 * OkHttp calls it on the calling thread, but fields are volatile because the runner reads them
 * from another thread when a call is cancelled at the deadline.
 */
class PhaseListener extends okhttp3.EventListener {
    /** Where a call was when it ended or failed, for classifying errors and for messages. */
    enum Stage {
        STARTING("before the request was sent"),
        RESOLVING("while resolving the host name"),
        CONNECTING("while connecting"),
        TLS("during the TLS handshake"),
        WAITING("while waiting for the first byte of the response"),
        READING("while reading the response body"),
        DONE("after the response was complete");

        final String words;

        Stage(String words) {
            this.words = words;
        }
    }

    private volatile long dnsStart;
    private volatile long connectStart;
    private volatile long tlsStart = -1;
    private volatile long acquired = -1;
    private volatile long headersStart = -1;
    private volatile long resolve;
    private volatile long connect;
    private volatile long tls;
    private volatile long processing;
    private volatile long transfer;
    private volatile Stage stage = Stage.STARTING;
    private volatile InetAddress remote;
    private volatile Handshake handshake;
    private volatile java.net.Socket socket;

    @Override
    public void dnsStart(Call call, String domainName) {
        closeTransfer(System.nanoTime());
        dnsStart = System.nanoTime();
        stage = Stage.RESOLVING;
    }

    @Override
    public void dnsEnd(Call call, String domainName, List<InetAddress> inetAddressList) {
        resolve += System.nanoTime() - dnsStart;
    }

    @Override
    public void connectStart(Call call, InetSocketAddress inetSocketAddress, Proxy proxy) {
        long now = System.nanoTime();
        closeTransfer(now);
        connectStart = now;
        tlsStart = -1;
        stage = Stage.CONNECTING;
        remote = inetSocketAddress.getAddress();
    }

    @Override
    public void secureConnectStart(Call call) {
        long now = System.nanoTime();
        connect += now - connectStart;
        tlsStart = now;
        stage = Stage.TLS;
    }

    @Override
    public void secureConnectEnd(Call call, Handshake handshake) {
        tls += System.nanoTime() - tlsStart;
        tlsStart = -2;
        this.handshake = handshake;
    }

    @Override
    public void connectEnd(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol) {
        if (tlsStart == -1) {
            connect += System.nanoTime() - connectStart;
        }
    }

    @Override
    public void connectFailed(Call call, InetSocketAddress inetSocketAddress, Proxy proxy, Protocol protocol,
            IOException ioe) {
        long now = System.nanoTime();
        if (tlsStart >= 0) {
            tls += now - tlsStart;
        } else if (tlsStart == -1) {
            connect += now - connectStart;
        }
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        long now = System.nanoTime();
        closeTransfer(now);
        acquired = now;
        stage = Stage.WAITING;
        remote = connection.socket().getInetAddress();
        socket = connection.socket();
        if (connection.handshake() != null) {
            handshake = connection.handshake();
        }
    }

    @Override
    public void responseHeadersStart(Call call) {
        long now = System.nanoTime();
        if (acquired >= 0) {
            processing += now - acquired;
            acquired = -1;
        }
        headersStart = now;
        stage = Stage.READING;
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        // the phase continues into the body: transfer ends at the body's last byte
    }

    @Override
    public void responseBodyEnd(Call call, long byteCount) {
        closeTransfer(System.nanoTime());
    }

    @Override
    public void callEnd(Call call) {
        end();
        stage = Stage.DONE;
    }

    @Override
    public void callFailed(Call call, IOException ioe) {
        end();
    }

    private void end() {
        long now = System.nanoTime();
        closeTransfer(now);
        if (acquired >= 0) {
            processing += now - acquired;
            acquired = -1;
        }
        if (stage == Stage.RESOLVING) {
            resolve += now - dnsStart;
        }
    }

    private void closeTransfer(long now) {
        if (headersStart >= 0) {
            transfer += now - headersStart;
            headersStart = -1;
        }
    }

    Stage stage() {
        return stage;
    }

    InetAddress remote() {
        return remote;
    }

    Handshake handshake() {
        return handshake;
    }

    /** The socket of the connection the call's (final) exchange used; an SSLSocket over TLS. */
    java.net.Socket socket() {
        return socket;
    }

    /** The phases so far, in milliseconds. */
    Phases phases() {
        return new Phases(ms(resolve), ms(connect), ms(tls), ms(processing), ms(transfer));
    }

    private static double ms(long nanos) {
        return Math.round(Math.max(0, nanos) / 1_000.0) / 1_000.0;
    }
}
