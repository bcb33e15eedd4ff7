package org.glassprobe.api.discord;

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

/** The discord kind: one embed to a channel webhook, checked by a receiver on loopback; the contract's tests too. */
class DiscordNotifierTest extends KindContract {
    private static final String PATH = "/api/webhooks/112233445566/d1sc0rdT0kenS3cret";

    @Override
    protected String kind() {
        return "discord";
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
        return "112233445566/d1sc0rdT0kenS3cret";
    }

    @Override
    protected KindReceiver.Answer delivered() {
        return new KindReceiver.Answer(204, "");
    }

    @Override
    protected void checkMessage(JsonNode body, String type, boolean test) {
        JsonNode embed = body.at("/embeds/0");
        assertThat(total(embed)).isLessThanOrEqualTo(6000);
        assertThat(embed.get("title").asText()).startsWith(test ? "[test] " : "");
        assertThat(embed.get("color").asInt()).isEqualTo(switch (type) {
            case "outage.opened" -> 0xED4245;
            case "probe.down" -> 0xE67E22;
            default -> 0x57F287;
        });
        String check = test ? "example-check" : "site";
        assertThat(embed.get("url").asText()).isEqualTo(type.startsWith("probe.")
                ? "https://status.example.org/" : "https://status.example.org/checks/" + check);
        if (type.equals("outage.opened")) {
            assertThat(embed.get("fields")).extracting(f -> f.get("name").asText()).containsExactly("eu-west", "us-east");
            if (!test) {
                assertThat(embed.get("fields")).extracting(f -> f.get("value").asText())
                        .containsOnly("status 503, expected 200");
            }
        }
        assertThat(embed.at("/footer/text").asText()).startsWith(test ? "A test message from glassprobe" : "glassprobe");
    }

    /** What Discord counts towards an embed's 6000 characters. */
    private static int total(JsonNode embed) {
        int n = embed.path("title").asText().length() + embed.path("description").asText().length()
                + embed.at("/footer/text").asText().length();
        for (JsonNode f : embed.path("fields")) {
            n += f.get("name").asText().length() + f.get("value").asText().length();
        }
        return n;
    }

    @Override
    protected void checkOutage(List<KindReceiver.Received> accepted, String incident) {
        for (KindReceiver.Received r : accepted) {
            assertThat(r.json().at("/embeds/0/footer/text").asText()).endsWith("incident " + incident);
        }
    }

    @Override
    protected List<Refused> refused() {
        return List.of(new Refused("{\"kind\":\"discord\",\"events\":[\"outage.opened\"]}", "url: required: the"
                + " channel webhook's URL"));
    }

    private Attempt send(Notifier.Message message) {
        String url = receiver.url(PATH);
        return new DiscordNotifier(sender(), TestApi.JSON).send(new Notifier.Target("wh_discord",
                HttpSender.masked(url), url), message);
    }

    @Test
    void an_error_that_mentions_everyone_pings_no_one_and_many_regions_fit_discords_limits() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("eu-west", "@everyone the body said @here <@&123>");
        for (int i = 0; i < 40; i++) {
            errors.put("region-" + i, "z".repeat(3000));
        }
        assertThat(send(event("regional.failure", "t".repeat(400), errors, "s".repeat(9000), List.of())))
                .isInstanceOf(Attempt.Delivered.class);
        JsonNode body = receiver.received().get(0).json();
        assertThat(problems(body)).as(body.toString()).isEmpty();
        assertThat(body.at("/allowed_mentions/parse")).isEmpty();
        JsonNode embed = body.at("/embeds/0");
        assertThat(total(embed)).isLessThanOrEqualTo(6000);
        assertThat(embed.get("title").asText()).hasSize(256).endsWith("…");
        assertThat(embed.get("color").asInt()).isEqualTo(0xE67E22);
        JsonNode fields = embed.get("fields");
        assertThat(fields.size()).isBetween(2, 25);
        assertThat(fields.get(0).get("value").asText()).isEqualTo("@everyone the body said @here <@&123>");
        assertThat(fields.get(fields.size() - 1).get("value").asText()).matches("and \\d+ more regions");
        assertThat(fields.get(1).get("value").asText()).hasSize(1024);
    }

    @Test
    void discords_answers_are_classified_with_its_message_and_retry_after() {
        record Case(int status, String body, Class<? extends Attempt> outcome, String says) {}
        for (Case c : List.of(
                new Case(404, "{\"message\": \"Unknown Webhook\", \"code\": 10015}", Attempt.Fatal.class,
                        "Discord answered 404: Unknown Webhook (code 10015)"),
                new Case(401, "{\"message\": \"Invalid Webhook Token\", \"code\": 50027}", Attempt.Fatal.class,
                        "Discord answered 401: Invalid Webhook Token (code 50027)"),
                new Case(400, "{\"message\": \"Invalid Form Body\", \"code\": 50035}", Attempt.Fatal.class,
                        "Discord answered 400: Invalid Form Body (code 50035)"),
                new Case(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": 1.5, \"global\": false}",
                        Attempt.Transient.class, "Discord answered 429: You are being rate limited.; retry after 1.5 s"),
                new Case(502, "<html>bad gateway</html>", Attempt.Transient.class,
                        "Discord answered 502: <html>bad gateway</html>"),
                new Case(204, "", Attempt.Delivered.class, null))) {
            receiver.then(new KindReceiver.Answer(c.status(), c.body()));
            Attempt a = send(event("outage.opened", "site", Map.of("eu-west", "boom"), "boom", List.of()));
            assertThat(a).as("%s", c).isInstanceOf(c.outcome());
            assertThat(a.error()).isEqualTo(c.says());
        }
    }
}
