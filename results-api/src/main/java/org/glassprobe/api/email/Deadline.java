package org.glassprobe.api.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * One attempt's whole time limit: the sockets it opens are closed when it runs out, so that a relay
 * that answers every command just before each read times out cannot hold the attempt (and the
 * subscription's lease) for many times {@code webhooks.timeout}. A read blocked then fails at once.
 */
final class Deadline {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean expired;

    /** Keeps a socket to close at the deadline (at once if it has passed). */
    void watch(Socket socket) {
        sockets.add(socket);
        if (expired) {
            close(socket);
        }
    }

    /** Closes every socket of the attempt. */
    void expire() {
        expired = true;
        sockets.forEach(Deadline::close);
    }

    boolean expired() {
        return expired;
    }

    /** Unconnected plain sockets that Jakarta Mail connects itself, each watched. */
    SocketFactory sockets() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                Socket s = new Socket();
                watch(s);
                return s;
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                throw new java.net.SocketException("connect to an address the target policy checked");
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                throw new java.net.SocketException("connect to an address the target policy checked");
            }

            @Override
            public Socket createSocket(InetAddress address, int port) throws IOException {
                Socket s = createSocket();
                s.connect(new java.net.InetSocketAddress(address, port));
                return s;
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
                    throws IOException {
                Socket s = createSocket();
                s.bind(new java.net.InetSocketAddress(local, localPort));
                s.connect(new java.net.InetSocketAddress(address, port));
                return s;
            }
        };
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all it can do
        }
    }
}
