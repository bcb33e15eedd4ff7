package org.glassprobe.api.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An SMTP server on loopback that answers each command as the test says, for the replies GreenMail
 * never gives (a recipient refused, a relay busy, a message refused after DATA). It speaks just
 * enough SMTP for Jakarta Mail: a greeting, EHLO, MAIL, RCPT, DATA, RSET and QUIT; it records the
 * commands it was sent.
 */
final class ScriptedRelay implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final Thread thread;

    /**
     * @param greeting the first line, such as {@code 220 ready}
     * @param reply    the reply to a command (upper-cased as sent, without CRLF); {@code DATA.} is
     *                 the message's end; null for the usual 250
     */
    ScriptedRelay(String greeting, Function<String, String> reply) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    serve(s, greeting, reply);
                } catch (IOException e) {
                    // the test closed it, or the client went away: take the next one
                }
            }
        }, "scripted-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Socket s, String greeting, Function<String, String> reply) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        send(out, greeting);
        if (!greeting.startsWith("220")) {
            return;
        }
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            commands.add(command);
            String scripted = reply.apply(command);
            if (command.startsWith("EHLO")) {
                send(out, scripted != null ? scripted : "250-scripted\r\n250 8BITMIME");
            } else if (command.equals("DATA")) {
                send(out, "354 go on");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the message itself
                }
                String end = reply.apply("DATA.");
                commands.add("DATA.");
                send(out, end != null ? end : "250 2.0.0 queued");
            } else if (command.equals("QUIT")) {
                send(out, "221 bye");
                return;
            } else {
                send(out, scripted != null ? scripted : "250 ok");
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
