package org.glassprobe.scenarios.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * Runs the dns step's code path a few times, over UDP and TCP, against a throwaway name server on
 * loopback before anything is measured: in a fresh JVM the first query spends 0.1 to 2 s loading
 * dnsjava and starting its I/O thread, which a one-off run would report as the server's answer
 * time. The step's server is never contacted.
 */
public final class DnsWarmup {
    private static final Logger logger = LoggerFactory.getLogger(DnsWarmup.class);
    private static final int ROUNDS = 3;
    private static final long BUDGET_NANOS = 1_500_000_000L;
    private static final String CHECK = """
            name: dns-warm-up
            kind: scenario
            timeout: 2s
            retries: 0
            variables: {server: "127.0.0.1:1"}
            steps:
              - name: udp
                dns: {name: warm.invalid, server: "${server}"}
                expect: ["[BODY] == 192.0.2.1", "[RESPONSE_TIME] < 2s"]
              - name: tcp
                dns: {name: warm.invalid, server: "${server}", transport: tcp}
            """;

    private DnsWarmup() {}

    /** Warms the dns step; failures are logged, never thrown. */
    public static void run() {
        long start = System.nanoTime();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 4, InetAddress.getLoopbackAddress())) {
            daemon(() -> answerDatagrams(udp));
            daemon(() -> answerConnections(tcp));
            Check check = CheckLanguage.standard().parser().parse(new Check.Source("dns-warm-up", CHECK, "yaml"),
                    FileResolver.none());
            try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new DnsStepExecutor(List::of))),
                    Clock.systemUTC())) {
                RunOptions options = RunOptions.defaults().withVariables(Map.of("server",
                        InetAddress.getLoopbackAddress().getHostAddress() + ":" + udp.getLocalPort()));
                long until = System.nanoTime() + BUDGET_NANOS;
                for (int i = 0; i < ROUNDS && System.nanoTime() - until < 0; i++) {
                    var result = runner.run(check, options);
                    if (!result.ok()) {
                        logger.atWarn().addKeyValue("error", result.error().message())
                                .log("dns warm-up query failed; the first query may include JVM start-up");
                        break;
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            logger.atWarn().setCause(e).log("dns warm-up failed; the first query may include JVM start-up");
        }
        logger.atDebug().addKeyValue("ms", (System.nanoTime() - start) / 1_000_000).log("dns warm-up done");
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "dns-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static byte[] answer(byte[] query) throws IOException {
        Message asked = new Message(query);
        Message answer = new Message(asked.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.addRecord(asked.getQuestion(), Section.QUESTION);
        answer.addRecord(new ARecord(asked.getQuestion().getName(), DClass.IN, 0,
                InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1})), Section.ANSWER);
        return answer.toWire();
    }

    private static void answerDatagrams(DatagramSocket udp) {
        byte[] buffer = new byte[512];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] wire = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException closedOrBad) {
                // closed at the end of the warm-up, or a datagram that is not a query: nothing to answer
            }
        }
    }

    private static void answerConnections(ServerSocket tcp) {
        while (!tcp.isClosed()) {
            try (Socket client = tcp.accept()) {
                client.setSoTimeout(2000);
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] wire = answer(query);
                DataOutputStream out = new DataOutputStream(client.getOutputStream());
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            } catch (IOException closedOrBad) {
                // closed at the end of the warm-up, or a client that went away
            }
        }
    }
}
