package org.glassprobe.scenarios.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes DNS queries on to a real server, UDP to UDP and TCP to TCP, on one port of its own, and
 * counts them by transport: how a test sees which way a query went.
 */
final class DnsRelay implements AutoCloseable {
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final InetSocketAddress upstream;
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();

    DnsRelay(int upstreamPort) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.upstream = new InetSocketAddress(loopback, upstreamPort);
        DatagramSocket datagrams = null;
        ServerSocket stream = null;
        for (int i = 0; i < 20 && stream == null; i++) {
            datagrams = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                stream = new ServerSocket(datagrams.getLocalPort(), 8, loopback);
            } catch (IOException taken) {
                datagrams.close();
            }
        }
        if (stream == null) {
            throw new IOException("no port free for both UDP and TCP in 20 tries");
        }
        this.udp = datagrams;
        this.tcp = stream;
        daemon("dns-relay-udp", this::relayDatagrams);
        daemon("dns-relay-tcp", this::relayConnections);
    }

    String server() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    int udpQueries() {
        return udpQueries.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    private void relayDatagrams() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                udp.receive(query);
                udpQueries.incrementAndGet();
                try (DatagramSocket out = new DatagramSocket()) {
                    out.setSoTimeout(2000);
                    out.send(new DatagramPacket(query.getData(), query.getLength(), upstream));
                    byte[] answerBuffer = new byte[65535];
                    DatagramPacket answer = new DatagramPacket(answerBuffer, answerBuffer.length);
                    out.receive(answer);
                    udp.send(new DatagramPacket(answer.getData(), answer.getLength(), query.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed, or the upstream did not answer: the client sees no answer
            }
        }
    }

    private void relayConnections() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                tcpQueries.incrementAndGet();
                Socket server = new Socket(upstream.getAddress(), upstream.getPort());
                daemon("dns-relay-up", () -> pipe(client, server));
                daemon("dns-relay-down", () -> pipe(server, client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws SocketException {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            throw new SocketException(e.getMessage());
        }
    }
}
