package org.glassprobe.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's jar as a real process, as an operator runs it: started with settings in its
 * environment, found by the address it prints, and stopped the way the test asks (SIGTERM,
 * SIGKILL, or frozen with SIGSTOP and thawed with SIGCONT).
 */
final class ApiProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("glassprobe.api.jar", "target/glassprobe-api.jar"));
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private volatile String base;

    private ApiProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the jar with the given settings (nothing inherited from this JVM's GLASSPROBE_*
     * variables) and its output in {@code dir/run.out} and {@code run.err}.
     */
    static ApiProcess launch(Path dir, String run, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx512m"));
        command.addAll(StartUp.options());
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve(run + ".out");
        Path err = dir.resolve(run + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GLASSPROBE_"));
        pb.environment().putAll(env);
        return new ApiProcess(pb.start(), out, err);
    }

    /** Settings for an API on any free loopback port with an H2 file in {@code data} and a known admin token. */
    static Map<String, String> h2(Path data, String adminToken) {
        Map<String, String> env = new HashMap<>();
        env.put("GLASSPROBE_DATA_DIR", data.toString());
        env.put("GLASSPROBE_API_PORT", "0");
        env.put("GLASSPROBE_API_HOST", "127.0.0.1");
        env.put("GLASSPROBE_ADMIN_TOKEN", adminToken);
        return env;
    }

    /** Waits until the process prints where it listens; fails when it exits first or takes longer than {@code max}. */
    ApiProcess awaitListening(Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(stdout));
            if (m.find()) {
                base = m.group(1);
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the API exited with status " + process.exitValue() + " before listening:\n"
                        + tail(stderr));
            }
            Thread.sleep(25);
        }
        kill(); // a test that fails here leaves no API behind, busy on a shared machine
        throw new AssertionError("the API did not listen within " + max + ":\n" + tail(stderr));
    }

    /** The API's base URL, once it listens. */
    String base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String out() throws IOException {
        return Files.readString(stdout);
    }

    String err() throws IOException {
        return Files.readString(stderr);
    }

    /** Waits for the process to end by itself and returns its exit status; fails after {@code max}. */
    int waitFor(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the API did not exit within " + max);
        }
        return process.exitValue();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the API did not die from SIGKILL within 30 s");
        }
    }

    /** SIGSTOP: the process is frozen, its sockets stay open. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen process goes on. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGTERM (the shutdown hook stops server, jobs and database), SIGKILL if that takes over 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        thawQuietly();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void thawQuietly() {
        try {
            thaw();
        } catch (IOException | InterruptedException | AssertionError e) {
            // a process that is not frozen, or already gone: nothing to thaw
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * JVM options that only shorten the start of the API processes these tests launch (the kill loop
     * alone starts the jar about 70 times), without changing what the jar does: the classes come
     * from a class-data archive of this very jar (AppCDS: no parsing and verifying them again at each
     * start), and only the first JIT tier compiles (a process the test kills within seconds never
     * lives long enough for C2 to pay off, and C2's compiler threads take the CPU the start-up needs
     * on a loaded 2-core machine). Measured on one: a start to "listening" took about a quarter of
     * the time. Without an archive (the dump failed) a start is just slower.
     */
    static final class StartUp {
        private static List<String> options;

        private StartUp() {}

        static synchronized List<String> options() {
            if (options == null) {
                List<String> o = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1",
                        "-Xlog:cds=off,cds+dynamic=off")); // a stale archive is skipped, not written to stdout
                archive().ifPresent(a -> o.add("-XX:SharedArchiveFile=" + a));
                options = List.copyOf(o);
            }
            return options;
        }

        /**
         * The archive of this jar's classes, made once per build of the jar: the jar started with
         * {@code -XX:ArchiveClassesAtExit}, asked a few routes, and stopped with SIGTERM (the JVM writes the
         * archive as it exits).
         */
        private static Optional<Path> archive() {
            try {
                Path jar = JAR.toAbsolutePath();
                Path archive = jar.resolveSibling("cds").resolve("glassprobe-api-" + Files.size(jar) + "-"
                        + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
                if (Files.isRegularFile(archive)) {
                    return Optional.of(archive);
                }
                Files.createDirectories(archive.getParent());
                Path work = Files.createTempDirectory(archive.getParent(), "dump-");
                Path dumped = work.resolve("api.jsa");
                Map<String, String> env = h2(work.resolve("data"), "cds-dump-admin-token-0123456789");
                ProcessBuilder pb = new ProcessBuilder(JAVA, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                        "-XX:ArchiveClassesAtExit=" + dumped, "-Xlog:cds=off,cds+dynamic=off", "-jar", jar.toString())
                        .redirectOutput(work.resolve("dump.out").toFile())
                        .redirectError(work.resolve("dump.err").toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("GLASSPROBE_"));
                pb.environment().putAll(env);
                ApiProcess api = new ApiProcess(pb.start(), work.resolve("dump.out"), work.resolve("dump.err"));
                try {
                    api.awaitListening(Duration.ofSeconds(120));
                    HttpClient http = HttpClient.newHttpClient();
                    for (String path : List.of("/readyz", "/", "/status.json", "/api/v1/outages", "/metrics")) {
                        http.send(HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(30))
                                .build(), HttpResponse.BodyHandlers.discarding());
                    }
                    api.process.destroy(); // SIGTERM: the JVM writes the archive as it exits
                    api.waitFor(Duration.ofSeconds(180));
                } finally {
                    api.kill();
                }
                if (!Files.isRegularFile(dumped)) {
                    System.err.println("ApiProcess: no class-data archive was written (see " + work + "); starts"
                            + " stay slower");
                    return Optional.empty();
                }
                Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE);
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                return Optional.of(archive);
            } catch (IOException | InterruptedException | AssertionError e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                System.err.println("ApiProcess: could not make a class-data archive (" + e + "); starts stay slow");
                return Optional.empty();
            }
        }
    }
}
