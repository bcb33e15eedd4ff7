package org.glassprobe.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import org.glassprobe.demo.faults.Fault;
import org.glassprobe.demo.faults.FaultMode;
import org.junit.jupiter.api.Test;

class DemoSiteTest {

    @Test
    void starts_on_ephemeral_ports_and_reports_its_urls() throws IOException {
        try (DemoSite site = DemoSite.start(DemoSiteOptions.defaults().withPort(0).withAdminPort(0))) {
            assertThat(site.port()).isPositive().isNotEqualTo(site.adminPort());
            assertThat(site.baseUrl()).isEqualTo("http://127.0.0.1:" + site.port());
            assertThat(site.adminUrl()).isEqualTo("http://127.0.0.1:" + site.adminPort());
            try (Response health = new SiteClient(site.baseUrl()).get("/health")) {
                assertThat(health.code()).isEqualTo(200);
                assertThat(health.header("Content-Type")).startsWith("text/plain");
                assertThat(health.body().string()).isEqualTo("ok");
            }
        }
    }

    @Test
    void starts_with_the_fault_of_its_options() throws IOException {
        try (DemoSite site = DemoSite.start(DemoSiteOptions.ephemeral().withFault(Fault.of(FaultMode.DOWN)))) {
            assertThat(site.fault()).isEqualTo(Fault.of(FaultMode.DOWN));
            try (Response health = new SiteClient(site.baseUrl()).get("/health")) {
                assertThat(health.code()).isEqualTo(503);
            }
        }
    }

    @Test
    void starting_with_refuse_listens_on_a_remembered_port_once_cleared() throws IOException {
        try (DemoSite site = DemoSite.start(DemoSiteOptions.ephemeral().withFault(Fault.of(FaultMode.REFUSE)))) {
            assertThatThrownBy(() -> new SiteClient(site.baseUrl()).get("/health").close())
                    .isInstanceOf(ConnectException.class);

            site.clearFault();

            try (Response health = new SiteClient(site.baseUrl()).get("/health")) {
                assertThat(health.code()).isEqualTo(200);
            }
        }
    }

    @Test
    void close_stops_both_ports_and_ends_hanging_requests() throws Exception {
        DemoSite site = DemoSite.start(DemoSiteOptions.ephemeral());
        site.setFault(FaultMode.HANG);
        SiteClient client = new SiteClient(site.baseUrl(), Duration.ofSeconds(10));
        Call hanging = client.http().newCall(new Request.Builder().url(site.baseUrl() + "/health").build());
        var outcome = new java.util.concurrent.CompletableFuture<Object>();
        new Thread(() -> {
            try (Response response = hanging.execute()) {
                outcome.complete(response.code());
            } catch (IOException failure) {
                outcome.complete(failure);
            }
        }).start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> site.heldRequestCount() == 1);

        site.close();

        assertThat(outcome.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .satisfiesAnyOf(code -> assertThat(code).isEqualTo(503), failure -> assertThat(failure).isInstanceOf(IOException.class));
        assertThatThrownBy(() -> new SiteClient(site.baseUrl()).get("/health").close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new SiteClient(site.adminUrl()).get("/admin/faults").close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void close_while_refusing_stops_cleanly() {
        DemoSite site = DemoSite.start(DemoSiteOptions.ephemeral());
        site.setFault(FaultMode.REFUSE);

        site.close();

        assertThatThrownBy(() -> new SiteClient(site.adminUrl()).get("/admin/faults").close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void a_taken_port_fails_the_start_and_leaves_nothing_listening() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> DemoSite.start(DemoSiteOptions.ephemeral().withAdminPort(taken.getLocalPort())))
                    .isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void options_refuse_values_that_cannot_work() {
        DemoSiteOptions defaults = DemoSiteOptions.defaults();
        assertThatThrownBy(() -> defaults.withPort(70_000)).hasMessage("port must be from 0 (ephemeral) to 65535, not 70000");
        assertThatThrownBy(() -> defaults.withAdminPort(8081)).hasMessage("port and adminPort must differ, both are 8081");
        assertThatThrownBy(() -> defaults.withMaxImages(0)).hasMessage("maxImages must be at least 1, not 0");
        assertThatThrownBy(() -> defaults.withMaxTotalBytes(10)).hasMessageStartingWith("maxTotalBytes (10) must be at least maxImageBytes");
        assertThatThrownBy(() -> defaults.withIdleTimeout(Duration.ZERO)).hasMessageStartingWith("idleTimeout must be positive");
    }
}
