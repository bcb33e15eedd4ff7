package org.glassprobe.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between an API and its database that a test can cut (every connection dropped, new ones
 * refused: a database that is down) or freeze (connections held open, nothing passes: a database or network
 * that hangs), and then restore.
 */
public final class DatabaseRelay implements AutoCloseable {
    /** A frozen relay holds data at most this long, so that no test thread outlives a broken test for long. */
    private static final long MAX_FROZEN_MILLIS = 5 * 60_000;

    private final ServerSocket server;
    private final String host;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean frozen;

    public DatabaseRelay(String host, int target) throws IOException {
        this.host = host;
        this.target = target;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "db-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    client.close();
                    continue;
                }
                open.add(client);
                Socket db = new Socket(host, target);
                open.add(db);
                pump(client, db);
                pump(db, client);
            } catch (IOException e) {
                // closed, or the database refused: the next connection tries again
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                var in = from.getInputStream();
                var out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    holdWhileFrozen();
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // cut, or closed by either side
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "db-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void holdWhileFrozen() throws IOException {
        long until = System.currentTimeMillis() + MAX_FROZEN_MILLIS;
        while (frozen && !server.isClosed() && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while frozen", e);
            }
        }
    }

    /** Every connection is dropped and new ones are refused. */
    public void down() {
        down = true;
        open.forEach(DatabaseRelay::closeQuietly);
        open.clear();
    }

    /** Connections stay open and new ones are taken, but nothing reaches the other side until {@link #up()}. */
    public void freeze() {
        frozen = true;
    }

    public void up() {
        down = false;
        frozen = false;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        frozen = false;
        down();
        server.close();
    }
}
