package org.glassprobe.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx with its WebDAV modules, as a file store that glassprobe did not write: started
 * on a free loopback port as one process of its own ({@code master_process off}), files under
 * {@link #folder()}, every request in {@link #accessLog()} as {@code METHOD URI STATUS}. Tests that
 * need it are skipped, with the reason, where nginx or libnginx-mod-http-dav-ext is missing.
 */
final class WebDavStore implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path DAV_EXT = Path.of("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so");

    private final Path dir;
    private final int port;
    private final Process process;

    private WebDavStore(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Skips the calling test unless Debian's nginx and its WebDAV extension are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(NGINX) && Files.isRegularFile(DAV_EXT),
                "needs Debian's nginx and libnginx-mod-http-dav-ext (apt-get install -y nginx"
                        + " libnginx-mod-http-dav-ext; .ci/run installs them)");
    }

    static WebDavStore start(Path dir) throws IOException, InterruptedException {
        assumeInstalled();
        Files.createDirectories(dir.resolve("root/dav"));
        Files.createDirectories(dir.resolve("tmp"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String d = dir.toAbsolutePath().toString();
        String conf = String.join("\n", List.of(
                "load_module " + DAV_EXT + ";",
                "master_process off;",
                "daemon off;",
                "pid " + d + "/nginx.pid;",
                "error_log " + d + "/error.log warn;",
                "events { worker_connections 256; }",
                "http {",
                "  include /etc/nginx/mime.types;",
                "  log_format plain '$request_method $uri $status';",
                "  access_log " + d + "/access.log plain;",
                "  client_body_temp_path " + d + "/tmp/body;",
                "  proxy_temp_path " + d + "/tmp/proxy;",
                "  fastcgi_temp_path " + d + "/tmp/fastcgi;",
                "  uwsgi_temp_path " + d + "/tmp/uwsgi;",
                "  scgi_temp_path " + d + "/tmp/scgi;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location /dav/ {",
                "      root " + d + "/root;",
                "      dav_methods PUT DELETE MKCOL COPY MOVE;",
                "      dav_ext_methods PROPFIND OPTIONS;",
                "      dav_access user:rw group:r all:r;",
                "      create_full_put_path on;",
                "      client_max_body_size 20m;",
                "    }",
                "  }",
                "}", ""));
        Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process process = new ProcessBuilder(NGINX.toString(), "-c", confFile.toAbsolutePath().toString(),
                "-p", d).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        WebDavStore store = new WebDavStore(dir, port, process);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("nginx stopped at its start: " + Files.readString(dir.resolve("nginx.out"))
                        + readIfThere(dir.resolve("error.log")));
            }
            try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return store;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        store.close();
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 20 s");
    }

    private static String readIfThere(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The WebDAV folder's URL, without a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + port + "/dav";
    }

    /** Where the files PUT under {@link #url()} are kept. */
    Path folder() {
        return dir.resolve("root/dav");
    }

    /** The files directly in the folder now (not in folders below it). */
    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Each request so far, as {@code METHOD URI STATUS}. */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
