package org.glassprobe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignedHooksTest {
    private static final byte[] KEY = "a key of the bench's own test...".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final String BODY = "{\"type\":\"outage.opened\",\"data\":{\"check\":\"confirmed\"}}";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void a_webhook_signed_with_the_secret_is_verified_and_awaited() throws Exception {
        try (SignedHooks hooks = new SignedHooks()) {
            hooks.secret(SECRET);
            Instant before = Instant.now();
            String ts = Long.toString(Instant.now().getEpochSecond());
            post(hooks.hookUrl(), "msg_1", ts, "v1,bogus v1," + sign(KEY, "msg_1", ts, BODY), BODY);

            assertThat(hooks.rejected()).isEmpty();
            assertThat(hooks.awaitHook(h -> h.type().equals("outage.opened") && "confirmed".equals(h.check()),
                    before, Duration.ofSeconds(1))).isAfterOrEqualTo(before);
        }
    }

    @Test
    void unsigned_wrongly_signed_and_stale_webhooks_are_rejected_and_never_awaited() throws Exception {
        try (SignedHooks hooks = new SignedHooks()) {
            hooks.secret(SECRET);
            Instant before = Instant.now();
            String now = Long.toString(Instant.now().getEpochSecond());
            String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
            byte[] otherKey = "another key, not the webhook's..".getBytes(StandardCharsets.UTF_8);
            post(hooks.hookUrl(), null, null, null, BODY);
            post(hooks.hookUrl(), "msg_2", now, "v1," + sign(otherKey, "msg_2", now, BODY), BODY);
            post(hooks.hookUrl(), "msg_3", now, "v1," + sign(KEY, "msg_3", now, BODY), BODY.replace("confirmed", "x"));
            post(hooks.hookUrl(), "msg_4", stale, "v1," + sign(KEY, "msg_4", stale, BODY), BODY);

            assertThat(hooks.rejected()).extracting(SignedHooks.Hook::why).satisfiesExactly(
                    w -> assertThat(w).startsWith("unsigned"),
                    w -> assertThat(w).contains("does not match"),
                    w -> assertThat(w).contains("does not match"),
                    w -> assertThat(w).contains("from now"));
            assertThat(hooks.verifiedCount()).isZero();
            assertThatThrownBy(() -> hooks.awaitHook(h -> true, before, Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no such webhook");
        }
    }

    @Test
    void alertmanager_notifications_are_awaited_by_status_and_alert_name() throws Exception {
        try (SignedHooks hooks = new SignedHooks()) {
            Instant before = Instant.now();
            post(hooks.alertmanagerUrl(), null, null, null,
                    "{\"status\":\"firing\",\"alerts\":[{\"labels\":{\"alertname\":\"DemoSiteDown\"}}]}");

            assertThat(hooks.awaitAlert("firing", "DemoSiteDown", before, Duration.ofSeconds(1)))
                    .isAfterOrEqualTo(before);
            assertThatThrownBy(() -> hooks.awaitAlert("resolved", "DemoSiteDown", before, Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private void post(String url, String id, String timestamp, String signature, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            b.header("webhook-id", id).header("webhook-timestamp", timestamp).header("webhook-signature", signature);
        }
        assertThat(http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    private static String sign(byte[] key, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
