package org.glassprobe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The demo site as a separate process, so that it does not share a JVM with what is measured. */
final class DemoSiteProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int adminPort;
    private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DemoSiteProcess(Process process, int port, int adminPort) {
        this.process = process;
        this.port = port;
        this.adminPort = adminPort;
    }

    static DemoSiteProcess start(Path jar, int port, int adminPort) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " not found: build it first with mvn -q -B -DskipTests package");
        }
        Process process = new ProcessBuilder("java", "-jar", jar.toString(), "--port", Integer.toString(port),
                "--admin-port", Integer.toString(adminPort))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        DemoSiteProcess site = new DemoSiteProcess(process, port, adminPort);
        site.awaitHealthy();
        return site;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Sets a fault switch; {@code value} is null for modes that take none. */
    void fault(String mode, Integer value) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                + "/admin/faults?mode=" + mode + (value == null ? "" : "&value=" + value)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = admin.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("setting fault " + mode + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("the demo site exited with status " + process.exitValue()
                        + " (is port " + port + " or " + adminPort + " in use? choose others with --base-port)");
            }
            try {
                HttpResponse<Void> r = admin.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("the demo site did not become healthy within 30 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
