package org.glassprobe.api.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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

/** The slack kind: Block Kit to an incoming webhook, checked by a receiver on loopback; the contract's tests too. */
class SlackNotifierTest extends KindContract {
    private static final String PATH = "/services/T0GLASS/B0PROBE/s3cr3tSlackT0ken";

    @Override
    protected String kind() {
        return "slack";
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
        return "T0GLASS/B0PROBE/s3cr3tSlackT0ken";
    }

    @Override
    protected KindReceiver.Answer delivered() {
        return new KindReceiver.Answer(200, "ok");
    }

    @Override
    protected void checkMessage(JsonNode body, String type, boolean test) {
        JsonNode blocks = body.get("blocks");
        String header = blocks.get(0).at("/text/text").asText();
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(header).startsWith((test ? "[test] " : "") + switch (type) {
            case "outage.opened" -> "Outage: ";
            case "outage.resolved" -> "Resolved: ";
            default -> "Probe down: ";
        });
        assertThat(body.get("text").asText()).startsWith(header);
        String check = test ? "example-check" : "site";
        JsonNode button = find(blocks, "actions").at("/elements/0");
        assertThat(button.get("url").asText()).isEqualTo(type.startsWith("probe.")
                ? "https://status.example.org/" : "https://status.example.org/checks/" + check);
        assertThat(find(blocks, "context").at("/elements/0/text").asText())
                .startsWith(test ? "A test message from glassprobe" : "glassprobe");
        if (type.equals("outage.opened")) {
            String regions = find(blocks, "section").at("/text/text").asText();
            assertThat(regions).contains("*Failing regions and why*", "*eu-west*", "*us-east*");
            if (!test) {
                assertThat(regions).contains("*eu-west*: status 503, expected 200");
            }
            assertThat(body.toString()).contains("Error summary");
        }
    }

    @Override
    protected void checkOutage(List<KindReceiver.Received> accepted, String incident) {
        for (KindReceiver.Received r : accepted) {
            assertThat(find(r.json().get("blocks"), "context").at("/elements/0/text").asText())
                    .contains("incident " + incident);
        }
    }

    @Override
    protected List<Refused> refused() {
        return List.of(
                new Refused("{\"kind\":\"slack\",\"events\":[\"outage.opened\"]}", "url: required: the Slack incoming"
                        + " webhook's URL"),
                new Refused("{\"kind\":\"slack\",\"url\":42,\"events\":[\"outage.opened\"]}", "url: required"),
                new Refused("{\"kind\":\"slack\",\"url\":\"https://u:p@hooks.slack.com" + PATH + "\",\"events\":"
                        + "[\"outage.opened\"]}", "url: must not carry credentials"));
    }

    private static JsonNode find(JsonNode blocks, String type) {
        for (JsonNode b : blocks) {
            if (b.get("type").asText().equals(type)) {
                return b;
            }
        }
        throw new AssertionError("no " + type + " block in " + blocks);
    }

    private Attempt send(Notifier.Message message) {
        String url = receiver.url(PATH);
        return new SlackNotifier(sender(), TestApi.JSON).send(new Notifier.Target("wh_slack", HttpSender.masked(url),
                url), message);
    }

    @Test
    void markup_in_an_error_is_escaped_and_long_texts_fit_slacks_limits() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("eu-west", "<!channel> expected <b>200</b> & got 503");
        for (int i = 0; i < 80; i++) {
            errors.put("region-" + i, "&".repeat(600));
        }
        Attempt attempt = send(event("outage.opened", "shop <login> & co".repeat(20), errors, "<&>".repeat(2000),
                List.of()));
        assertThat(attempt).isInstanceOf(Attempt.Delivered.class);
        KindReceiver.Received got = receiver.received().get(0);
        assertThat(problems(got.json())).as(got.body()).isEmpty();
        JsonNode blocks = got.json().get("blocks");
        assertThat(blocks.get(0).at("/text/text").asText()).hasSizeLessThanOrEqualTo(150).endsWith("…");
        List<String> mrkdwn = new ArrayList<>();
        got.json().findValues("text").forEach(t -> {
            if (t.isTextual()) {
                mrkdwn.add(t.asText());
            }
        });
        String regions = blocks.get(1).at("/text/text").asText();
        assertThat(regions).contains("*eu-west*: &lt;!channel&gt; expected &lt;b&gt;200&lt;/b&gt; &amp; got 503")
                .contains("more regions").hasSizeLessThanOrEqualTo(3000);
        assertThat(blocks.get(2).at("/text/text").asText()).startsWith("*Error summary*\n&lt;&amp;&gt;")
                .hasSizeLessThanOrEqualTo(3000);
        // only the header (plain_text, shown as written) holds the raw text; every mrkdwn text is escaped
        assertThat(got.json().get("text").asText()).doesNotContain("<!channel>", "<b>").contains("&lt;login&gt;");
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i).toString()).doesNotContain("<!channel>", "<b>", "<login>", "& ");
        }
    }

    @Test
    void slacks_answers_are_classified_and_its_words_kept_without_the_url() {
        record Case(int status, String body, Class<? extends Attempt> outcome) {}
        List<Case> cases = List.of(new Case(404, "no_service", Attempt.Fatal.class),
                new Case(410, "channel_is_archived", Attempt.Fatal.class),
                new Case(400, "invalid_payload", Attempt.Fatal.class),
                new Case(403, "action_prohibited", Attempt.Fatal.class),
                new Case(429, "rate_limited", Attempt.Transient.class),
                new Case(500, "rollup_error", Attempt.Transient.class),
                new Case(503, "", Attempt.Transient.class),
                new Case(200, "ok", Attempt.Delivered.class));
        for (Case c : cases) {
            receiver.then(new KindReceiver.Answer(c.status(), c.body()));
            Attempt a = send(event("outage.opened", "site", Map.of("eu-west", "boom"), "boom", List.of()));
            assertThat(a).as("%s", c).isInstanceOf(c.outcome());
            assertThat(a.status()).isEqualTo(c.status());
            if (!(a instanceof Attempt.Delivered)) {
                assertThat(a.error()).isEqualTo("Slack answered " + c.status() + (c.body().isEmpty() ? ""
                        : ": " + c.body())).doesNotContain(secret());
            }
        }
    }
}
