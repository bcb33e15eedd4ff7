package org.glassprobe.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an outside command (podman, mmdebstrap, nginx) to its end within a bound, keeping its output. */
final class Command {
    private Command() {
    }

    /** What a command did: its exit status and its standard output and error, merged. */
    record Result(List<String> command, int code, String out) {
        Result {
            command = List.copyOf(command);
        }

        boolean ok() {
            return code == 0;
        }

        /** The command, its status and the end of its output, for an assertion's message. */
        String describe() {
            String tail = out.length() > 4000 ? "…" + out.substring(out.length() - 4000) : out;
            return String.join(" ", command) + " exited " + code + ":\n" + tail;
        }
    }

    /**
     * Runs {@code command}; its output goes through a file rather than a pipe, so that a command that
     * prints much cannot block while this waits. A command still running at {@code limit} is killed and
     * reported as an {@link IOException}.
     */
    static Result run(Duration limit, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("glassprobe-container-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", command) + " did not end within " + limit + "; its output:\n"
                        + read(out));
            }
            return new Result(command, process.exitValue(), read(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The output as text, whatever bytes a tool printed (a malformed sequence becomes U+FFFD). */
    private static String read(Path out) throws IOException {
        return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    }

    /** Whether {@code name} is an executable on the PATH. */
    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
