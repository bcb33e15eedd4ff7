package org.glassprobe.api.teams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.KindContract;
import org.glassprobe.api.notify.KindReceiver;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.webhook.HttpSender;
import org.junit.jupiter.api.Test;

/** The teams kind: an Adaptive Card to a Teams workflow, checked by a receiver on loopback; the contract's tests too. */
class TeamsNotifierTest extends KindContract {
    private static final String PATH = "/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=2016-06-01"
            + "&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=t3amsS1gnatur3";

    @Override
    protected String kind() {
        return "teams";
    }

    @Override
    protected String fields(String url) {
        return "\"url\":\"" + url + "\"";
    }

    @Override
    protected String path() {
        return PATH;
    }

    @Override
    protected String secret() {
        return "t3amsS1gnatur3";
    }

    @Override
    protected KindReceiver.Answer delivered() {
        return new KindReceiver.Answer(202, "");
    }

    @Override
    protected void checkMessage(JsonNode body, String type, boolean test) {
        JsonNode card = body.at("/attachments/0/content");
        JsonNode title = card.at("/body/0");
        assertThat(title.get("type").asText()).isEqualTo("TextBlock");
        assertThat(title.get("weight").asText()).isEqualTo("Bolder");
        assertThat(title.get("color").asText()).isEqualTo(switch (type) {
            case "outage.opened", "probe.down" -> "Attention";
            default -> "Good";
        });
        assertThat(title.get("text").asText()).startsWith(test ? "[test] " : "");
        String check = test ? "example-check" : "site";
        assertThat(card.at("/actions/0/url").asText()).isEqualTo(type.startsWith("probe.")
                ? "https://status.example.org/" : "https://status.example.org/checks/" + check);
        if (type.equals("outage.opened")) {
            JsonNode facts = card.at("/body/1/facts");
            assertThat(card.at("/body/1/type").asText()).isEqualTo("FactSet");
            assertThat(facts).extracting(f -> f.get("title").asText()).containsExactly("eu-west", "us-east");
            if (!test) {
                assertThat(facts).extracting(f -> f.get("value").asText()).containsOnly("status 503, expected 200");
            }
        }
        assertThat(card.toString()).contains(test ? "A test message from glassprobe" : "glassprobe");
    }

    @Override
    protected void checkOutage(List<KindReceiver.Received> accepted, String incident) {
        assertThat(accepted.get(0).body()).contains("incident " + incident);
        assertThat(accepted.get(1).body()).contains("incident " + incident);
    }

    @Override
    protected List<Refused> refused() {
        return List.of(
                new Refused("{\"kind\":\"teams\",\"events\":[\"outage.opened\"]}", "url: required: the workflow's"
                        + " HTTP POST URL"),
                new Refused("{\"kind\":\"teams\",\"url\":\"not a url\",\"events\":[\"outage.opened\"]}", "url: is not a URL"));
    }

    private Attempt send(Notifier.Message message) {
        String url = receiver.url(PATH);
        return new TeamsNotifier(sender(), TestApi.JSON).send(new Notifier.Target("wh_teams", HttpSender.masked(url),
                url), message);
    }

    @Test
    void many_regions_and_long_errors_make_a_card_that_still_fits() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            errors.put("region-" + i, "x".repeat(5000));
        }
        assertThat(send(event("check.degraded", "site", errors, "y".repeat(10_000), List.of())))
                .isInstanceOf(Attempt.Delivered.class);
        JsonNode card = receiver.received().get(0).json().at("/attachments/0/content");
        assertThat(problems(receiver.received().get(0).json())).isEmpty();
        assertThat(card.at("/body/0/color").asText()).isEqualTo("Warning");
        JsonNode facts = card.at("/body/1/facts");
        assertThat(facts).hasSize(25);
        assertThat(facts.get(24).get("value").asText()).isEqualTo("and 16 more regions");
        assertThat(facts.get(0).get("value").asText()).hasSizeLessThanOrEqualTo(1000);
        assertThat(card.at("/body/2/text").asText()).hasSizeLessThanOrEqualTo(3000);
    }

    @Test
    void teams_answers_are_classified_without_the_url() {
        record Case(int status, String body, Class<? extends Attempt> outcome) {}
        for (Case c : List.of(new Case(400, "{\"error\":{\"code\":\"InvalidRequestContent\"}}", Attempt.Fatal.class),
                new Case(401, "{\"error\":{\"code\":\"DirectApiAuthorizationRequired\"}}", Attempt.Fatal.class),
                new Case(404, "{\"error\":{\"code\":\"WorkflowNotFound\"}}", Attempt.Fatal.class),
                new Case(429, "", Attempt.Transient.class), new Case(502, "", Attempt.Transient.class),
                new Case(200, "", Attempt.Delivered.class))) {
            receiver.then(new KindReceiver.Answer(c.status(), c.body()));
            Attempt a = send(event("outage.opened", "site", Map.of("eu-west", "boom"), "boom", List.of()));
            assertThat(a).as("%s", c).isInstanceOf(c.outcome());
            if (a.error() != null) {
                assertThat(a.error()).startsWith("Teams answered " + c.status()).contains(c.body())
                        .doesNotContain(secret());
            }
        }
    }
}
