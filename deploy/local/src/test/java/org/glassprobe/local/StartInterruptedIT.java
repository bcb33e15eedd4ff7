package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/local/start} interrupted by Ctrl-C (SIGINT) while it is still starting the network:
 * whatever it had started stops, and every port it took is free again.
 */
class StartInterruptedIT {
    private static final Path JAR = NetworkFixture.ROOT.resolve("deploy/local/target/glassprobe-local.jar");

    @ParameterizedTest(name = "Ctrl-C once it says: {0}")
    @ValueSource(strings = {"starting the results API", "starting the demo site", "starting probe"})
    void ctrl_c_during_the_start_stops_everything_started_so_far(String when) throws Exception {
        int base = NetworkFixture.freeBasePort();
        Path run = NetworkFixture.ROOT.resolve("deploy/local/target/interrupted-run-" + base);
        Process launcher = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString(), "--root", NetworkFixture.ROOT.toString(), "--run-dir", run.toString(), "--base-port",
                Integer.toString(base), "--fresh").redirectErrorStream(true).start();
        List<String> said = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    said.add(line);
                }
            } catch (IOException e) {
                // the launcher ended
            }
        });
        reader.start();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            // up to 3 min: on a shared, busy machine the API and probes start slowly
            for (int i = 0; i < 3600 && said.stream().noneMatch(l -> l.startsWith(when)); i++) {
                assertThat(launcher.isAlive()).as("the launcher ended early: %s", said).isTrue();
                Thread.sleep(50);
            }
            assertThat(said).as("what the launcher said").anyMatch(l -> l.startsWith(when));
            Thread.sleep(300); // in the middle of that step
            launcher.descendants().forEach(started::add);
            assertThat(started).as("processes started before the Ctrl-C").isNotEmpty();
            Process sigint = new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start();
            assertThat(sigint.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("the launcher stops: %s", said).isTrue();
            for (ProcessHandle p : started) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
            assertThat(started).as("everything it started has ended").noneMatch(ProcessHandle::isAlive);
            for (int port = base; port < base + 6; port++) {
                try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(s.getLocalPort()).as("port %d is free again", port).isEqualTo(port);
                }
            }
            assertThat(said).as("what the launcher said").anyMatch(l -> l.contains("stopped everything this started"));
        } finally {
            // its children too when the test failed before it listed them: none may outlive the test
            launcher.descendants().forEach(started::add);
            launcher.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
