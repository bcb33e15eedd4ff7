package org.glassprobe.scenarios.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's dnsmasq, started by a test on 127.0.0.1 at a free port below 32768, authoritative for
 * {@code example.test}: its A and AAAA records come from a hosts file that {@link #hosts} rewrites
 * (dnsmasq reads it again on SIGHUP), the other records from the arguments it was started with.
 * A test that finds no dnsmasq reports itself skipped.
 */
final class Dnsmasq implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/dnsmasq");
    static final String ZONE = "example.test";

    private final Process process;
    private final int port;
    private final Path hosts;
    private final Path log;

    private Dnsmasq(Process process, int port, Path hosts, Path log) {
        this.process = process;
        this.port = port;
        this.hosts = hosts;
        this.log = log;
    }

    /** Starts it with these hosts lines ({@code 192.0.2.10 www.example.test}) and further records ({@code --cname=...}). */
    static Dnsmasq start(Path dir, String hostsLines, List<String> records) throws IOException, InterruptedException {
        assumeInstalled();
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, hostsLines);
        dir.toFile().setExecutable(true, false); // dnsmasq may read it again as another user
        hosts.toFile().setReadable(true, false);
        for (int attempt = 1; attempt <= 5; attempt++) {
            int port = freePort();
            Path log = dir.resolve("dnsmasq-" + attempt + ".log");
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--no-daemon", "--conf-file=/dev/null",
                    "--no-resolv", "--no-hosts", "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--port=" + port, "--pid-file=", "--addn-hosts=" + hosts, "--log-facility=-",
                    "--user=" + System.getProperty("user.name"),
                    "--auth-server=ns1." + ZONE + ",127.0.0.1", "--auth-zone=" + ZONE,
                    "--auth-soa=2024010101,hostmaster." + ZONE));
            command.addAll(records);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Dnsmasq dnsmasq = new Dnsmasq(process, port, hosts, log);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until && process.isAlive() && dnsmasq.reads() == 0) {
                Thread.sleep(20);
            }
            if (dnsmasq.reads() > 0 && process.isAlive()) {
                return dnsmasq;
            }
            dnsmasq.close();
            String said = Files.readString(log, StandardCharsets.UTF_8);
            if (!said.contains("Address already in use")) {
                throw new IllegalStateException("dnsmasq did not start: " + said);
            }
        }
        throw new IllegalStateException("dnsmasq found no free port in 5 tries");
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the test (it reports itself skipped, it does not pass) where dnsmasq is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "dnsmasq is not installed at " + BINARY
                + " (apt-get install dnsmasq-base; deploy/setup-debian installs it)");
    }

    /** A port free for both UDP and TCP on 127.0.0.1 just now, below the kernel's range for outgoing ports. */
    private static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 50; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port));
                    ServerSocket tcp = new ServerSocket(port, 1, loopback)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between 20000 and 32000 in 50 tries");
    }

    int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as a step's server is written. */
    String server() {
        return "127.0.0.1:" + port;
    }

    /** Rewrites the hosts file and has dnsmasq read it again (SIGHUP), waiting until it has. */
    void hosts(String lines) throws IOException, InterruptedException {
        int before = reads();
        Files.writeString(hosts, lines);
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -HUP dnsmasq").isTrue();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reads() <= before && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(reads()).as("dnsmasq read the hosts file again: %s", log).isGreaterThan(before);
    }

    /** How often dnsmasq has said it read the hosts file. */
    private int reads() throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        String marker = "read " + hosts;
        return (int) Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(marker)).count();
    }

    /** What dnsmasq logged (queries too, when started with --log-queries). */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
