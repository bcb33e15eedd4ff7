package org.glassprobe.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A results API started as its own process from its jar, with the JVM options a user would give it,
 * so that its resident memory is its own and the benchmark's client threads do not share its JVM.
 */
final class ApiProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ApiProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code java <jvmOptions> -jar <jar>} with the settings in {@code env}; waits (at most 120 s) for /healthz. */
    static ApiProcess start(Path jar, List<String> jvmOptions, Map<String, String> env, Path log) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("GLASSPROBE_API_PORT", Integer.toString(port));
        builder.environment().put("GLASSPROBE_API_HOST", "127.0.0.1");
        ApiProcess api = new ApiProcess(builder.start(), port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!api.process.isAlive()) {
                throw new IOException("the API exited with " + api.process.exitValue() + " at start; its log: " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return api;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        api.close();
        throw new IOException("the API was not ready within 120 s; its log: " + log);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory now (VmRSS), in bytes. */
    long rss() throws IOException {
        return statusBytes("VmRSS:");
    }

    /** The most resident memory the process has had (VmHWM), in bytes. */
    long peakRss() throws IOException {
        return statusBytes("VmHWM:");
    }

    private long statusBytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
            }
        }
        return -1;
    }

    /** Stops it as a user would (SIGTERM), waiting at most 60 s before killing it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("the API did not stop within 60 s after SIGTERM; killed. Its log: " + log);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
