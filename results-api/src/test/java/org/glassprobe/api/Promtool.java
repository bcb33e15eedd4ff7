package org.glassprobe.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Debian's {@code promtool}, run on a scrape: what Prometheus itself says of our exposition. */
public final class Promtool {
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private Promtool() {}

    /** Skips the calling test unless Debian's prometheus package is installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(PROMTOOL),
                "needs Debian's promtool (apt-get install -y prometheus; .ci/run installs it)");
    }

    /** {@code promtool check metrics} on the text; returns its complaints, empty when it passes. */
    public static String checkMetrics(String exposition) throws IOException, InterruptedException {
        assumeInstalled();
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool check metrics did not finish in 30 s");
        }
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
    }
}
