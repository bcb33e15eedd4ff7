package org.glassprobe.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Notifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetPolicyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.1", "::1", "0.0.0.0", "169.254.169.254", "10.1.2.3", "172.16.0.9",
        "192.168.1.1", "100.64.0.1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "224.0.0.1"})
    void addresses_that_are_not_public_are_named(String address) throws Exception {
        assertThat(TargetPolicy.notPublic(InetAddress.getByName(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "8.8.8.8"})
    void public_addresses_pass(String address) throws Exception {
        assertThat(TargetPolicy.notPublic(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void a_webhook_to_this_machine_a_metadata_service_or_a_private_network_is_refused_and_nothing_is_stored() {
        try (TestApi api = new TestApi(dir)) {
            for (String url : List.of("http://127.0.0.1:9/hook", "http://localhost/hook",
                    "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/", "http://10.0.0.5/",
                    "https://192.168.1.20/hook", "http://[::ffff:127.0.0.1]/")) {
                TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + url
                        + "\",\"events\":[\"outage.opened\"]}");
                assertThat(a.status()).as(url).isEqualTo(400);
                assertThat(a.json().get("error").asText()).as(url).startsWith("url: ")
                        .contains("webhooks.allow-private-targets");
            }
            assertThat(api.get("/api/v1/webhooks", TestApi.ADMIN).json().get("webhooks")).isEmpty();
        }
    }

    @Test
    void the_setting_lets_a_local_set_up_use_loopback() {
        try (TestApi api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"))) {
            assertThat(api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"http://127.0.0.1:9/hook\","
                    + "\"events\":[\"outage.opened\"]}").status()).isEqualTo(201);
        }
    }

    @Test
    void a_name_that_resolves_to_a_private_address_at_delivery_is_not_sent_to() throws Exception {
        // a name that looked public when the webhook was made and points at this machine now
        Dns rebound = host -> host.equals("hooks.example.org") ? List.of(InetAddress.getLoopbackAddress())
                : Dns.SYSTEM.lookup(host);
        TargetPolicy policy = new TargetPolicy(false, rebound);
        assertThatThrownBy(() -> policy.lookup("hooks.example.org")).isInstanceOf(TargetPolicy.RefusedTarget.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("webhooks.allow-private-targets");
        try (Receiver receiver = new Receiver()) {
            int port = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
            WebhookNotifier notifier = new WebhookNotifier(new HttpSender(Duration.ofSeconds(5), 1024, policy), new java.security.SecureRandom());
            Attempt a = notifier.send(new Notifier.Target("wh_1", "http://hooks.example.org:" + port + "/hook",
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), new Notifier.Message("msg_1", "outage.opened",
                    Instant.now(), "{}"));
            assertThat(a).isInstanceOf(Attempt.Fatal.class);
            assertThat(a.error()).contains("127.0.0.1").contains("webhooks.allow-private-targets");
            Attempt literal = notifier.send(new Notifier.Target("wh_1", "http://127.0.0.1:" + port + "/hook",
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), new Notifier.Message("msg_2", "outage.opened",
                    Instant.now(), "{}"));
            assertThat(literal).isInstanceOf(Attempt.Fatal.class);
            assertThat(receiver.received()).as("nothing reached the address").isEmpty();

            WebhookNotifier allowed = new WebhookNotifier(new HttpSender(Duration.ofSeconds(5), 1024, new TargetPolicy(true, rebound)), new java.security.SecureRandom());
            receiver.secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            assertThat(allowed.send(new Notifier.Target("wh_1", "http://hooks.example.org:" + port + "/hook",
                    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), new Notifier.Message("msg_3", "outage.opened",
                    Instant.now(), "{}"))).isInstanceOf(Attempt.Delivered.class);
            assertThat(receiver.received()).singleElement().satisfies(r -> assertThat(r.verified()).isTrue());
        }
    }
}
