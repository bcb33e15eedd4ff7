package org.glassprobe.probe.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real process appending to the spool is killed with SIGKILL: every append that returned is still there. */
class SpoolKillTest {

    /** The child: appends numbered records and prints each number once append() has returned. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            try (Spool spool = Spool.open(Path.of(args[0]), new SpoolOptions(1L << 30, 4096, java.time.Duration.ofSeconds(60)))) {
                for (int i = 0; i < 1_000_000; i++) {
                    spool.append(("record-" + i + "-" + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8));
                    System.out.println(i);
                    System.out.flush();
                }
            }
        }
    }

    @Test
    void every_append_that_returned_survives_kill_9(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), dir.toString()).redirectErrorStream(false).start();
        Set<Integer> confirmed = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                confirmed.add(Integer.parseInt(line.trim()));
                if (confirmed.size() == 3000) {
                    new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (Spool spool = Spool.open(dir, SpoolOptions.defaults())) {
            List<Integer> stored = new ArrayList<>();
            for (SpoolRecord r : spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE)) {
                String text = new String(r.payload(), StandardCharsets.UTF_8);
                stored.add(Integer.parseInt(text.split("-")[1]));
            }
            assertThat(stored).as("in order, without gaps or repeats")
                    .isEqualTo(java.util.stream.IntStream.range(0, stored.size()).boxed().toList());
            assertThat(new HashSet<>(stored)).containsAll(confirmed);
        }
    }
}
