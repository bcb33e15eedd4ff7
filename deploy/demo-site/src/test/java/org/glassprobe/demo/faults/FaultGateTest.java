package org.glassprobe.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.Response;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.SiteClient;
import org.glassprobe.demo.images.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultGateTest {

    /** Short, to show that Jetty's idle timeout does not answer a hanging request. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    private static DemoSite site;
    private static SiteClient client;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.ephemeral().withIdleTimeout(IDLE_TIMEOUT));
        client = new SiteClient(site.baseUrl(), Duration.ofSeconds(10), false);
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @AfterEach
    void clearFault() {
        site.clearFault();
    }

    @Test
    void down_answers_503_on_every_route() throws IOException {
        site.setFault(FaultMode.DOWN);

        for (String path : List.of("/", "/health", "/images/0123456789abcdef", "/no-such-page")) {
            try (Response response = client.get(path)) {
                assertThat(response.code()).as(path).isEqualTo(503);
                assertThat(response.body().string()).contains("down on purpose");
            }
        }
        int before = site.imageStats().count();
        try (Response upload = client.upload("/api/images", SiteClient.PNG)) {
            assertThat(upload.code()).isEqualTo(503);
        }
        assertThat(site.imageStats().count()).isEqualTo(before);
    }

    @Test
    void the_admin_port_is_not_affected_by_faults() throws IOException {
        site.setFault(FaultMode.DOWN);

        try (Response response = new SiteClient(site.adminUrl()).get("/admin/faults")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"mode\":\"down\",\"value\":0}");
        }
    }

    @Test
    void slow_adds_at_least_the_delay_before_the_response() throws IOException {
        try (Response warm = client.get("/health")) {
            assertThat(warm.code()).isEqualTo(200);
        }
        site.setFault(FaultMode.SLOW, 300);

        long started = System.nanoTime();
        try (Response response = client.get("/health")) {
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("ok");
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void slow_requests_wait_past_the_idle_timeout_without_holding_a_thread_each() throws Exception {
        site.setFault(FaultMode.SLOW, 1_500);

        List<Socket> sockets = sendRawGets(60);
        try {
            await().atMost(Duration.ofSeconds(1)).until(() -> threadsInSiteCode() == 0);
            for (Socket socket : sockets) {
                assertThat(readStatusLine(socket)).isEqualTo("HTTP/1.1 200 OK");
            }
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void corrupt_serves_different_bytes_of_the_same_length_and_type() throws IOException {
        String url = new ObjectMapper().readTree(client.uploadForJson(SiteClient.PNG)).get("url").asText();
        site.setFault(FaultMode.CORRUPT);

        try (Response response = client.get(url)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("image/png");
            byte[] served = response.body().bytes();
            assertThat(served).hasSameSizeAs(SiteClient.PNG).isNotEqualTo(SiteClient.PNG);
            assertThat(ImageStore.sha256Hex(served)).isNotEqualTo(ImageStore.sha256Hex(SiteClient.PNG));
        }
        site.clearFault();
        try (Response response = client.get(url)) {
            assertThat(response.body().bytes()).isEqualTo(SiteClient.PNG);
        }
    }

    @Test
    void flaky_50_fails_exactly_50_of_100_requests_with_500() throws IOException {
        site.setFault(FaultMode.FLAKY, 50);

        int failed = 0;
        int succeeded = 0;
        for (int i = 0; i < 100; i++) {
            try (Response response = client.get("/health")) {
                if (response.code() == 500) {
                    failed++;
                } else if (response.code() == 200) {
                    succeeded++;
                }
            }
        }
        assertThat(failed).isEqualTo(50);
        assertThat(succeeded).isEqualTo(50);
    }

    @Test
    void hang_never_answers_until_cleared_even_past_the_idle_timeout() throws IOException {
        site.setFault(FaultMode.HANG);
        SiteClient impatient = new SiteClient(site.baseUrl(), Duration.ofSeconds(1), false);

        assertThatThrownBy(() -> impatient.get("/health").close()).isInstanceOf(InterruptedIOException.class);

        site.clearFault();
        try (Response response = client.get("/health")) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void hanging_requests_hold_no_thread_each_and_are_answered_503_when_cleared() throws Exception {
        site.setFault(FaultMode.HANG);

        List<Socket> sockets = sendRawGets(60);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> site.heldRequestCount() == 60);
            await().atMost(Duration.ofSeconds(1)).until(() -> threadsInSiteCode() == 0);
            Thread.sleep(IDLE_TIMEOUT.toMillis() * 2); // held past the idle timeout, they must still be answered

            site.clearFault();

            for (Socket socket : sockets) {
                assertThat(readStatusLine(socket)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            }
            assertThat(site.heldRequestCount()).isZero();
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void leaving_hang_for_refuse_ends_the_held_requests() throws Exception {
        site.setFault(FaultMode.HANG);
        List<Socket> sockets = sendRawGets(3);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> site.heldRequestCount() == 3);

            site.setFault(FaultMode.REFUSE);

            assertThat(site.heldRequestCount()).isZero();
            for (Socket socket : sockets) {
                assertThat(readStatusLine(socket)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            }
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void refuse_closes_the_port_then_clearing_serves_again_on_the_same_port() throws IOException {
        int port = site.port();
        site.setFault(FaultMode.REFUSE);

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new SiteClient(site.baseUrl()).get("/health").close()).isInstanceOf(ConnectException.class);

        site.clearFault();
        assertThat(site.port()).isEqualTo(port);
        try (Response response = new SiteClient(site.baseUrl()).get("/health")) {
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void a_refusing_site_listens_again_when_another_fault_is_set() throws IOException {
        site.setFault(FaultMode.REFUSE);

        site.setFault(FaultMode.DOWN);

        try (Response response = new SiteClient(site.baseUrl()).get("/health")) {
            assertThat(response.code()).isEqualTo(503);
        }
    }

    /** Server threads now running the site's code or Javalin's: a request holding its thread would be one. */
    private static long threadsInSiteCode() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("demo-site"))
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                        frame.getClassName().startsWith("org.glassprobe.demo") || frame.getClassName().startsWith("io.javalin")))
                .count();
    }

    private static List<Socket> sendRawGets(int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket("127.0.0.1", site.port());
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                sockets.add(socket);
            }
        } catch (IOException failure) {
            closeAll(sockets);
            throw failure;
        }
        return sockets;
    }

    private static String readStatusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a test socket that is already broken
            }
        }
    }
}
