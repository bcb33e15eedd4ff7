package org.glassprobe.api.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.KindContract;
import org.glassprobe.api.notify.KindReceiver;
import org.glassprobe.api.notify.Notifier;
import org.junit.jupiter.api.Test;

/**
 * The pagerduty kind: Events API v2 triggers and resolves keyed by the incident, checked by a
 * receiver on loopback standing in for events.pagerduty.com; the contract's tests too.
 */
class PagerDutyNotifierTest extends KindContract {
    private static final String KEY = "R0UTINGKEYGLASSPROBE0123456789AB";

    @Override
    protected String kind() {
        return "pagerduty";
    }

    @Override
    protected String fields(String url) {
        return "\"routingKey\":\"" + KEY + "\",\"url\":\"" + url + "\"";
    }

    @Override
    protected String path() {
        return "/v2/enqueue";
    }

    @Override
    protected String secret() {
        return KEY;
    }

    @Override
    protected KindReceiver.Answer delivered() {
        return new KindReceiver.Answer(202, "{\"status\":\"success\",\"message\":\"Event processed\","
                + "\"dedup_key\":\"x\"}");
    }

    @Override
    protected void checkMessage(JsonNode body, String type, boolean test) {
        assertThat(body.get("routing_key").asText()).isEqualTo(KEY);
        boolean resolve = type.equals("outage.resolved");
        assertThat(body.get("event_action").asText()).isEqualTo(resolve ? "resolve" : "trigger");
        if (test) {
            assertThat(body.get("dedup_key").asText()).isEqualTo(type.startsWith("probe.")
                    ? "probe:example-probe" : "00000000-0000-0000-0000-000000000000");
        }
        if (resolve) {
            return;
        }
        JsonNode payload = body.get("payload");
        assertThat(payload.get("severity").asText()).isEqualTo(test ? "info"
                : type.equals("outage.opened") ? "critical" : "error");
        assertThat(payload.get("summary").asText()).startsWith(test ? "[test] " : "Outage: site is down in eu-west,"
                + " us-east — eu-west: status 503, expected 200");
        assertThat(payload.get("class").asText()).isEqualTo(type);
        assertThat(body.at("/links/0/href").asText()).isEqualTo(type.startsWith("probe.")
                ? "https://status.example.org/" : "https://status.example.org/checks/" + (test ? "example-check" : "site"));
        assertThat(body.get("client").asText()).isEqualTo("glassprobe");
        if (test) {
            assertThat(payload.at("/custom_details/test").asText()).startsWith("a test message from glassprobe");
        }
    }

    @Override
    protected void checkOutage(List<KindReceiver.Received> accepted, String incident) {
        assertThat(accepted).extracting(r -> r.json().get("event_action").asText()).containsExactly("trigger", "resolve");
        assertThat(accepted).extracting(r -> r.json().get("dedup_key").asText()).containsOnly(incident);
    }

    @Override
    protected List<Refused> refused() {
        return List.of(
                new Refused("{\"kind\":\"pagerduty\",\"events\":[\"outage.opened\"]}", "routingKey: required: the"
                        + " Integration Key of an Events API v2 integration"),
                new Refused("{\"kind\":\"pagerduty\",\"routingKey\":\"sh0rtKey123\",\"events\":[\"outage.opened\"]}",
                        "routingKey: is not an integration key (found 11 characters); the Integration Key"),
                new Refused("{\"kind\":\"pagerduty\",\"routingKey\":\"" + KEY.substring(0, 31) + "-\",\"events\":"
                        + "[\"outage.opened\"]}", "(found 32 characters, not all letters and digits)"),
                new Refused("{\"kind\":\"pagerduty\",\"routingKey\":12345,\"events\":[\"outage.opened\"]}",
                        "routingKey: must be a string, found number"));
    }

    @Test
    void a_bad_routing_key_is_not_quoted_back() {
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"kind\":\"pagerduty\",\"routingKey\":"
                + "\"s3cretButWrongLength\",\"events\":[\"outage.opened\"]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).doesNotContain("s3cretButWrongLength");
    }

    @Test
    void without_a_url_events_go_to_pagerduty_and_the_address_shown_is_its_events_url() {
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"kind\":\"pagerduty\",\"routingKey\":\""
                + KEY + "\",\"events\":[\"outage.opened\",\"outage.resolved\"]}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.json().get("url").asText()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(a.body()).doesNotContain(KEY);
    }

    @Test
    void a_regional_failure_grown_into_an_outage_is_resolved_when_the_outage_opens_so_no_alert_stays_open() {
        subscribe(receiver.url(path()), "[\"regional.failure\",\"regional.recovered\",\"outage.opened\","
                + "\"outage.resolved\"]");
        network();
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        JsonNode regional = receiver.accepted().get(0).json();
        assertThat(regional.get("event_action").asText()).isEqualTo("trigger");
        assertThat(regional.at("/payload/class").asText()).isEqualTo("regional.failure");
        assertThat(regional.at("/payload/severity").asText()).isEqualTo("error");

        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east", "ap-south");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3);
        api.clock.advance(Duration.ofSeconds(10));
        round();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 4);

        List<JsonNode> sent = receiver.accepted().stream().map(KindReceiver.Received::json).toList();
        sent.forEach(e -> assertThat(problems(e)).as(e.toString()).isEmpty());
        assertThat(sent).extracting(e -> e.get("event_action").asText())
                .containsExactly("trigger", "resolve", "trigger", "resolve");
        String regionalKey = sent.get(0).get("dedup_key").asText();
        String outageKey = sent.get(2).get("dedup_key").asText();
        assertThat(sent.get(1).get("dedup_key").asText()).as("the superseded alert is resolved first")
                .isEqualTo(regionalKey);
        assertThat(outageKey).isNotEqualTo(regionalKey);
        assertThat(sent.get(3).get("dedup_key").asText()).isEqualTo(outageKey);
        Set<String> open = new LinkedHashSet<>();
        sent.forEach(e -> {
            if (e.get("event_action").asText().equals("trigger")) {
                open.add(e.get("dedup_key").asText());
            } else {
                open.remove(e.get("dedup_key").asText());
            }
        });
        assertThat(open).as("alerts left open in PagerDuty").isEmpty();
        JsonNode incidents = api.get("/api/v1/outages?kind=all", null).json().get("incidents");
        assertThat(incidents).extracting(i -> i.get("id").asText()).contains(regionalKey, outageKey);
    }

    private Attempt send(Notifier.Message message) {
        return new PagerDutyNotifier(sender(), TestApi.JSON).send(new Notifier.Target("wh_pd",
                receiver.url(path()), KEY), message);
    }

    @Test
    void a_long_summary_is_cut_to_1024_characters() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            errors.put("region-" + i, "e".repeat(300));
        }
        assertThat(send(event("outage.opened", "site", errors, "s", List.of()))).isInstanceOf(Attempt.Delivered.class);
        JsonNode body = receiver.received().get(0).json();
        assertThat(problems(body)).isEmpty();
        assertThat(body.at("/payload/summary").asText()).hasSize(1024).endsWith("…");
        assertThat(body.at("/payload/custom_details/regions")).hasSize(20);
    }

    @Test
    void pagerdutys_answers_are_classified_with_its_message() {
        record Case(int status, String body, Class<? extends Attempt> outcome, String says) {}
        for (Case c : List.of(
                new Case(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":"
                        + "[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}", Attempt.Fatal.class,
                        "PagerDuty answered 400: Event object is invalid: Length of 'routing_key' is incorrect"
                                + " (should be 32 characters)"),
                new Case(429, "", Attempt.Transient.class, "PagerDuty answered 429"),
                new Case(500, "", Attempt.Transient.class, "PagerDuty answered 500"),
                new Case(503, "busy", Attempt.Transient.class, "PagerDuty answered 503: busy"),
                new Case(202, "{\"status\":\"success\"}", Attempt.Delivered.class, null))) {
            receiver.then(new KindReceiver.Answer(c.status(), c.body()));
            Attempt a = send(event("outage.opened", "site", Map.of("eu-west", "boom"), "boom", List.of()));
            assertThat(a).as("%s", c).isInstanceOf(c.outcome());
            assertThat(a.error()).isEqualTo(c.says());
        }
    }

    @Test
    void a_superseded_incident_that_cannot_be_resolved_now_keeps_the_whole_message_for_a_retry() {
        receiver.then(new KindReceiver.Answer(503, ""));
        Attempt a = send(event("outage.opened", "site", Map.of("eu-west", "boom"), "boom", List.of("regional-1")));
        assertThat(a).isInstanceOf(Attempt.Transient.class);
        assertThat(a.error()).isEqualTo("resolving the superseded incident regional-1: PagerDuty answered 503");
        assertThat(receiver.received()).hasSize(1);
        assertThat(send(event("outage.opened", "site", Map.of("eu-west", "boom"), "boom", List.of("regional-1"))))
                .isInstanceOf(Attempt.Delivered.class);
        assertThat(receiver.received()).extracting(r -> r.json().get("event_action").asText() + " "
                + r.json().get("dedup_key").asText()).containsExactly("resolve regional-1", "resolve regional-1",
                "trigger 6f1c1c8e-4b7a-4d6e-9a51-2f0d3c4b5a69");
    }
}
