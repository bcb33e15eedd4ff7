package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.local.HookReceiver.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A receiver that was down long enough for an old notice's retries to back off far: when it comes
 * back, a new page reaches it within seconds (order is kept per incident, not per webhook), and the
 * old incident's notices follow at once rather than at the end of their backoff. The real network
 * with the API's production backoff shape (20 s doubling to 10 min).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookBacklogIT {
    private LocalNetwork network;
    private HookReceiver receiver;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        Map<String, String> env = Map.of("GLASSPROBE_OUTAGES_EVERY", "500ms", "GLASSPROBE_WEBHOOKS_POLL", "100ms",
                "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "20s", "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "10m");
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/backlog-run-" + base), base, LocalNetwork.REGIONS,
                null, true, false, env, List.of("--pull-interval", "1s", "--heartbeat-interval", "1s")), System.out);
        receiver = new HookReceiver();
        JsonNode hook = call("POST", "/api/v1/webhooks", "{\"url\":\"" + receiver.url() + "\",\"events\":["
                + "\"outage.opened\",\"outage.resolved\"]}", 201);
        receiver.secret(hook.path("secret").asText());
        NetworkFixture.pushPing(network, "site", "[STATUS] == 200");
    }

    @AfterAll
    void stop() throws Exception {
        if (network != null) {
            NetworkFixture.fault(network, "mode=none");
            network.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private JsonNode call(String method, String path, String body, int expect) throws IOException, InterruptedException {
        return NetworkFixture.admin(network, method, path, body, expect);
    }

    private String state(String check) throws IOException, InterruptedException {
        return call("GET", "/api/v1/outages?check=" + check, null, 200).path("checks").path(0).path("state").asText();
    }

    private long attempts(String type, String check) {
        return receiver.all().stream().filter(h -> h.type().equals(type)
                && h.data().path("check").asText().equals(check)).count();
    }

    @Test
    void a_new_page_reaches_a_receiver_back_from_a_long_outage_within_seconds_and_the_backlog_follows()
            throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> NetworkFixture.everyRegionOperational(network, "site"));
        receiver.answer(503);
        NetworkFixture.fault(network, "mode=down");
        // the first try fails, the second 20 s later fails too: the next is 40 s away
        await().atMost(Duration.ofSeconds(60)).until(() -> attempts("outage.opened", "site") >= 2);
        NetworkFixture.fault(network, "mode=none");
        await().atMost(Duration.ofSeconds(60)).until(() -> state("site").equals("operational"));
        Instant secondTry = receiver.all().stream().filter(h -> h.type().equals("outage.opened")).map(Hook::arrived)
                .max(Instant::compareTo).orElseThrow();

        receiver.answer(200);
        Instant paged = Instant.now();
        NetworkFixture.pushPing(network, "other", "[STATUS] == 299"); // fails everywhere at once: a new page
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted("outage.opened").stream()
                .anyMatch(h -> h.data().path("check").asText().equals("other")));
        Hook page = receiver.accepted("outage.opened").stream()
                .filter(h -> h.data().path("check").asText().equals("other")).findFirst().orElseThrow();
        assertThat(Duration.between(paged, page.arrived())).as("the new page does not wait behind the old retries")
                .isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().stream()
                .filter(h -> h.data().path("check").asText().equals("site")).count() == 2);
        List<Hook> site = receiver.accepted().stream().filter(h -> h.data().path("check").asText().equals("site"))
                .toList();
        assertThat(site).extracting(Hook::type).containsExactly("outage.opened", "outage.resolved");
        assertThat(site.get(0).arrived()).as("the backlog went once the receiver answered, not 40 s after %s",
                secondTry).isBefore(secondTry.plusSeconds(38));
        assertThat(receiver.accepted()).allMatch(Hook::verified);
        call("DELETE", "/api/v1/checks/other", null, 204);
    }
}
