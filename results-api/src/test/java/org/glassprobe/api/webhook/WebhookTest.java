package org.glassprobe.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.Timestamps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks through the real API and a real receiver on loopback that verifies every signature with
 * its own HMAC code; the API's clock is the test's, so retries come when the test moves it. The
 * first retry comes 30 s to 1 min after a failed attempt (backoff with jitter), so that rounds of
 * results 10 s apart do not make one fall due meanwhile.
 */
class WebhookTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dir;
    TestApi api;
    Receiver receiver;
    final java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", // the receiver is on loopback
                "GLASSPROBE_WEBHOOKS_POLL", "50ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "1m",
                "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "1m", "GLASSPROBE_WEBHOOKS_HORIZON", "5m",
                "GLASSPROBE_PUBLIC_URL", "https://status.example.org"));
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    private String subscribe(String extra) {
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"outage.opened\",\"outage.resolved\",\"regional.failure\",\"probe.down\",\"probe.up\"]"
                + extra + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        receiver.secret(a.json().get("secret").asText());
        return a.json().get("id").asText();
    }

    private void network() {
        tokens.putAll(api.enrolBeating(REGIONS));
        // delivery is what these tests are about: an incident ends at its first clear round (flap
        // control has its own tests in OutageDecisionTest)
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {recovery: 1, min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
    }

    private void round(String... failing) {
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            boolean ok = !List.of(failing).contains(region);
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("site", now, ok))).status())
                    .isEqualTo(200);
        }
    }

    /** How many attempts the sender has recorded over all the webhook's deliveries. */
    private int attemptsMade(String id) {
        int attempts = 0;
        for (JsonNode d : api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries")) {
            attempts += d.get("attempts").asInt();
        }
        return attempts;
    }

    /** Whether the sender has recorded every delivery of the webhook as delivered. */
    private boolean allDelivered(String id) {
        JsonNode deliveries = api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries");
        for (JsonNode d : deliveries) {
            if (!d.get("status").asText().equals("delivered")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void the_signature_reproduces_the_standard_webhooks_test_vector() {
        assertThat(Signature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(Receiver.verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "1614265330", "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isTrue();
        String secret = Signature.newSecret(new SecureRandom());
        assertThat(secret).startsWith("whsec_");
        assertThat(Signature.problem(secret)).isEmpty();
    }

    @Test
    void bad_webhooks_are_refused_with_what_is_wrong() {
        record Case(String body, String says) {}
        for (Case c : List.of(
                new Case("{\"url\":\"ftp://x/\",\"events\":[\"outage.opened\"]}", "http or https"),
                new Case("{\"url\":\"http://\",\"events\":[\"outage.opened\"]}", "url"),
                new Case("{\"url\":\"http://a:b@x/\",\"events\":[\"outage.opened\"]}", "credentials"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.open\"]}", "not an event type"),
                new Case("{\"url\":\"http://x/\",\"events\":[]}", "events is required"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"secret\":\"hunter2\"}", "whsec_"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"secret\":\"whsec_c2hvcnQ=\"}",
                        "24 to 64"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"kind\":\"pigeon\"}",
                        "kind: \"pigeon\" is not a notifier kind; known: webhook, slack, teams, discord, pagerduty, email"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"colour\":\"red\"}", "unknown field"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"labels\":{}}", "labels is an object of 1"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"labels\":[\"team\"]}",
                        "labels is an object of 1"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"labels\":{\"on call\":\"x\"}}",
                        "labels: 'on call' is not a label name"),
                new Case("{\"url\":\"http://x/\",\"events\":[\"outage.opened\"],\"labels\":{\"team\":\"\"}}",
                        "labels: team must have a value of 1 to 256"))) {
            TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, c.body());
            assertThat(a.status()).as(c.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(c.body()).contains(c.says());
        }
        assertThat(api.get("/api/v1/webhooks", TestApi.ADMIN).json().get("webhooks")).isEmpty();
    }

    @Test
    void the_secret_is_shown_once_and_a_test_call_sends_a_signed_sample() {
        String id = subscribe(",\"kind\":\"webhook\"");
        assertThat(api.get("/api/v1/webhooks", TestApi.ADMIN).body()).doesNotContain("whsec_");
        assertThat(api.get("/api/v1/webhooks/" + id, TestApi.ADMIN).body()).doesNotContain("whsec_");

        TestApi.Answer test = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN, "");
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().get("status").asText()).isEqualTo("delivered");
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.verified()).isTrue();
            assertThat(r.type()).isEqualTo("outage.opened");
            assertThat(r.json().get("data").get("test").asBoolean()).isTrue();
        });

        TestApi.Answer slow = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN,
                "{\"type\":\"regional.degraded\"}");
        assertThat(slow.json().get("status").asText()).as(slow.body()).isEqualTo("delivered");
        assertThat(receiver.received().get(1).json().at("/data/incident/kind").asText())
                .as("the sample is of its type's incident").isEqualTo("regional_degraded");

        receiver.answer(500);
        TestApi.Answer failed = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN, "{\"type\":\"probe.down\"}");
        assertThat(failed.json().get("status").asText()).isEqualTo("failed");
        assertThat(failed.json().get("attemptLog").get(0).get("status").asInt()).isEqualTo(500);
        assertThat(api.delete("/api/v1/webhooks/" + id, TestApi.ADMIN).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).status()).isEqualTo(404);
    }

    @Test
    void an_outage_is_announced_once_signed_with_links_and_its_end_once() {
        String id = subscribe("");
        network();
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        Receiver.Received opened = receiver.accepted().get(0);
        assertThat(opened.verified()).isTrue();
        assertThat(opened.id()).startsWith("msg_");
        assertThat(opened.timestamp()).isEqualTo(api.clock.instant().getEpochSecond());
        JsonNode data = opened.json().get("data");
        assertThat(opened.type()).isEqualTo("outage.opened");
        assertThat(data.get("check").asText()).isEqualTo("site");
        assertThat(data.get("regions")).extracting(JsonNode::asText).containsExactly("eu-west", "us-east");
        assertThat(data.get("links").get("page").asText()).isEqualTo("https://status.example.org/");
        assertThat(data.get("links").get("check").asText()).isEqualTo("https://status.example.org/checks/site");
        String incident = data.get("incident").get("id").asText();
        assertThat(api.get("/api/v1/outages", null).json().get("incidents").get(0).get("id").asText())
                .isEqualTo(incident);

        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        api.api.outages().decideAll();
        api.clock.advance(Duration.ofSeconds(10));
        round();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        Receiver.Received resolved = receiver.accepted().get(1);
        assertThat(resolved.type()).isEqualTo("outage.resolved");
        assertThat(resolved.verified()).isTrue();
        assertThat(resolved.json().get("data").get("incident").get("id").asText()).isEqualTo(incident);
        assertThat(resolved.json().get("data").get("incident").get("resolvedAt").asText())
                .isEqualTo(Timestamps.format(api.clock.instant()));
        assertThat(receiver.received()).hasSize(2);

        // the receiver has the last one a moment before the sender records its answer
        await().atMost(Duration.ofSeconds(10)).until(() -> allDelivered(id));
        JsonNode deliveries = api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries");
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).get("type").asText()).isEqualTo("outage.resolved");
        assertThat(deliveries.get(0).get("attemptLog").get(0).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void a_subscription_by_label_hears_only_the_checks_that_carry_it() {
        String id = subscribe(",\"labels\":{\"team\":\"web\"}");
        JsonNode shown = api.get("/api/v1/webhooks/" + id, TestApi.ADMIN).json();
        assertThat(shown.get("labels").toString()).isEqualTo("{\"team\":\"web\"}");
        assertThat(shown.get("kind").asText()).isEqualTo("webhook");
        tokens.putAll(api.enrolBeating(REGIONS));
        String policy = "interval: 10s\ntimeout: 2s\nretries: 0\noutage: {recovery: 1, min-open: 0s}\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n";
        api.putYaml("shop", "name: shop\nkind: ping\nlabels: {team: web, tier: \"1\"}\n" + policy);
        api.putYaml("search", "name: search\nkind: ping\nlabels: {team: search}\n" + policy);
        assertThat(api.get("/api/v1/checks/shop", TestApi.ADMIN).json().get("labels").toString())
                .isEqualTo("{\"team\":\"web\",\"tier\":\"1\"}");
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            boolean ok = region.equals("ap-south");
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("shop", now, ok),
                    TestApi.result("search", now, ok))).status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() >= 1);
        api.api.outages().decideAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> allDelivered(id));
        assertThat(api.get("/api/v1/outages", null).json().get("incidents")).as("both checks are down").hasSize(2);
        assertThat(receiver.accepted()).as("only shop carries team=web").singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("outage.opened");
            assertThat(r.json().at("/data/check").asText()).isEqualTo("shop");
        });
    }

    @Test
    void a_receiver_that_fails_gets_each_incidents_events_later_once_each_in_order() {
        String id = subscribe(", \"checks\": [\"site\"]");
        network();
        receiver.answer(503);
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west");
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east", "ap-south");
        api.clock.advance(Duration.ofSeconds(10));
        round();
        // the regional failure and the outage are two incidents: each has its first notice tried (the
        // receiver has the second a moment before the sender records its answer: wait for both records)
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2 && attemptsMade(id) == 2);
        JsonNode pending = api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries");
        assertThat(pending).hasSize(3);
        assertThat(pending).extracting(d -> d.get("status").asText()).containsOnly("pending");
        assertThat(pending).extracting(d -> d.get("type").asText())
                .containsExactly("outage.resolved", "outage.opened", "regional.failure");
        assertThat(pending.get(0).get("attempts").asInt()).as("the resolution waits behind its opening").isZero();
        assertThat(pending.get(1).get("attempts").asInt()).isEqualTo(1);
        assertThat(pending.get(2).get("attempts").asInt()).isEqualTo(1);

        receiver.answer(200);
        api.clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3);
        List<String> accepted = receiver.accepted().stream().map(Receiver.Received::type).toList();
        assertThat(accepted).containsExactlyInAnyOrder("regional.failure", "outage.opened", "outage.resolved");
        assertThat(accepted.indexOf("outage.opened")).as("an incident's events in order")
                .isLessThan(accepted.indexOf("outage.resolved"));
        assertThat(receiver.received()).allMatch(Receiver.Received::verified);
        for (String type : List.of("regional.failure", "outage.opened")) {
            assertThat(receiver.received().stream().filter(r -> r.type().equals(type)).map(Receiver.Received::id)
                    .distinct()).as("a retry of %s carries the same id", type).hasSize(1);
        }
        // the receiver has the last one a moment before the sender records its answer
        await().atMost(Duration.ofSeconds(10)).until(() -> allDelivered(id));
        JsonNode done = api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries");
        assertThat(done).extracting(d -> d.get("status").asText()).containsOnly("delivered");
        assertThat(done.get(2).get("attemptLog")).hasSize(2);
        assertThat(done.get(2).get("attemptLog").get(0).get("status").asInt()).isEqualTo(503);
        assertThat(done.get(2).get("attemptLog").get(0).get("outcome").asText()).isEqualTo("retry");
    }

    @Test
    void a_new_page_does_not_wait_behind_an_older_notices_backoff_and_the_backlog_follows_the_receiver_back() {
        subscribe("");
        network();
        api.putYaml("other", "name: other\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "http: {url: \"http://127.0.0.1:1/other\"}\n");
        receiver.answer(503);
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        assertThat(receiver.received().get(0).type()).isEqualTo("regional.failure"); // now waits a minute to retry

        receiver.answer(200);
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("other", now, false))).status())
                    .isEqualTo(200);
        }
        // no clock moves: the new page goes at once, and the old notice right after it
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted()).extracting(Receiver.Received::type)
                .containsExactly("outage.opened", "regional.failure");
        assertThat(receiver.accepted().get(0).json().get("data").get("check").asText()).isEqualTo("other");
        assertThat(api.clock.instant()).isEqualTo(now);
    }

    @Test
    void a_regional_failure_that_passes_again_is_announced_as_recovered_with_its_incident() {
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"regional.failure\",\"regional.recovered\"]}");
        receiver.secret(a.json().get("secret").asText());
        network();
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west");
        api.clock.advance(Duration.ofSeconds(10));
        round();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted()).extracting(Receiver.Received::type)
                .containsExactly("regional.failure", "regional.recovered");
        JsonNode recovered = receiver.accepted().get(1).json().get("data");
        assertThat(recovered.get("incident").get("id").asText()).isEqualTo(receiver.accepted().get(0).json()
                .get("data").get("incident").get("id").asText());
        assertThat(recovered.get("incident").get("resolvedAt").asText()).isEqualTo(Timestamps.format(api.clock.instant()));
        assertThat(recovered.get("regions")).extracting(JsonNode::asText).containsExactly("eu-west");
        assertThat(receiver.received()).allMatch(Receiver.Received::verified);
    }

    @Test
    void a_delivery_is_given_up_at_the_horizon_and_the_next_one_goes() {
        String id = subscribe("");
        network();
        receiver.answer(500);
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        for (int i = 0; i < 12 && !api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json()
                .get("deliveries").get(0).get("status").asText().equals("failed"); i++) {
            int seen = receiver.received().size();
            api.clock.advance(Duration.ofMinutes(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() > seen
                    || api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries").get(0)
                            .get("status").asText().equals("failed"));
        }
        JsonNode delivery = api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries")
                .get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("failed");
        assertThat(delivery.get("attempts").asInt()).isBetween(3, 8);
        receiver.answer(200);
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted().get(0).type()).isEqualTo("outage.opened");
    }
}
