package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.webhook.Receiver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an outage says failed, through the real API (H2 file, loopback HTTP) with a clock the test
 * moves and a webhook receiver: not only the error it opened with, but the errors that kept it
 * open, the most frequent with their counts, and the latest; on the outages route, in
 * {@code /status.json}, on the page and in its webhooks, while open and once ended.
 */
class IncidentErrorsTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final String REFUSED = "connect to 127.0.0.1:1 refused";
    private static final String STATUS = "status 503, expected 200";
    private static final String TIMEOUT = "no answer within 2 s";

    @TempDir
    Path dir;
    TestApi api;
    Receiver receiver;
    final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_POLL", "50ms", "GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
                "true"));
        receiver = new Receiver();
        TestApi.Answer hook = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"outage.opened\",\"outage.resolved\"]}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        receiver.secret(hook.json().get("secret").asText());
        tokens.putAll(api.enrolBeating(REGIONS));
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    /** A run of the check: passed, or failed with this kind and message. */
    private static CheckResult run(Instant at, ErrorKind kind, String message) {
        boolean ok = message == null;
        Phases phases = new Phases(0.5, 1.0, 0, 10.0, 0.5);
        RunError error = ok ? null : new RunError(kind, "http", message);
        StepResult step = new StepResult("http", "http", ok, phases.sum(), new StepResult.Request("GET",
                "http://127.0.0.1:1/health"), ok ? 200 : 503, phases, List.of(new ConditionResult("[STATUS] == 200", ok,
                ok ? "200" : "503", "200", false)), Map.of(), null, Map.of(), List.of(),
                ok ? null : new RunError(kind, null, message));
        return new CheckResult(UUID.randomUUID(), "site", "ping", at, phases.sum(), ok, 1, List.of(step), error,
                List.of());
    }

    /** One round 10 s after the last: each region's run, failed with the message given for it. */
    private void round(Map<String, RunError> failing) {
        api.clock.advance(Duration.ofSeconds(10));
        Instant now = api.clock.instant();
        for (int i = 0; i < REGIONS.size(); i++) {
            String region = REGIONS.get(i);
            RunError e = failing.get(region);
            // within a round the regions' runs began a second apart, eu-west first
            CheckResult r = run(now.minusSeconds(REGIONS.size() - i), e == null ? null : e.kind(),
                    e == null ? null : e.message());
            assertThat(api.postResults(tokens.get(region), List.of(r)).status()).isEqualTo(200);
            assertThat(api.post("/api/v1/probe/heartbeat", tokens.get(region), "{}").status()).isEqualTo(200);
        }
    }

    private static RunError failed(ErrorKind kind, String message) {
        return new RunError(kind, "http", message);
    }

    private JsonNode incident() {
        JsonNode incidents = api.get("/api/v1/outages?check=site", null).json().get("incidents");
        assertThat(incidents).hasSize(1);
        return incidents.get(0);
    }

    private static List<String> top(JsonNode incident) {
        assertThat(incident.get("topErrors")).as("topErrors of " + incident).isNotNull();
        List<String> top = new ArrayList<>();
        incident.get("topErrors").forEach(e -> top.add(e.get("message").asText() + " x" + e.get("runs").asInt()));
        return top;
    }

    @Test
    void an_outage_says_which_errors_kept_it_open_how_often_and_the_latest_not_only_the_first() {
        round(Map.of());
        round(Map.of("eu-west", failed(ErrorKind.CONNECT, REFUSED), "us-east", failed(ErrorKind.STATUS, STATUS)));
        round(Map.of("eu-west", failed(ErrorKind.STATUS, STATUS), "us-east", failed(ErrorKind.STATUS, STATUS)));
        round(Map.of("eu-west", failed(ErrorKind.STATUS, STATUS), "us-east", failed(ErrorKind.TIMEOUT, TIMEOUT)));
        Instant latest = api.clock.instant().minusSeconds(2); // us-east's run of the last round

        JsonNode open = incident();
        assertThat(open.hasNonNull("resolvedAt")).as("open").isFalse();
        assertThat(open.get("errorSummary").asText()).as("how it began, as before").contains(REFUSED)
                .contains("us-east: status");
        assertThat(top(open)).as("most runs first; on a tie, the latest first")
                .containsExactly(STATUS + " x4", TIMEOUT + " x1", REFUSED + " x1");
        assertThat(open.get("lastError").asText()).isEqualTo(TIMEOUT);
        assertThat(Instant.parse(open.get("lastErrorAt").asText())).isEqualTo(latest);

        JsonNode shown = api.get("/status.json", null).json().get("incidents").get(0);
        assertThat(shown.get("id").asText()).isEqualTo(open.get("id").asText());
        assertThat(top(shown)).isEqualTo(top(open));
        assertThat(shown.get("lastError").asText()).isEqualTo(TIMEOUT);
        String page = api.get("/", null).body();
        String row = page.substring(page.indexOf("data-incident=\"" + open.get("id").asText() + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("<span class=\"frequent-error\">" + STATUS + " (4 runs)</span>")
                .contains("<span class=\"frequent-error\">" + TIMEOUT + " (1 run)</span>")
                .contains("<span class=\"last-error\">latest: " + TIMEOUT + "</span>")
                .contains("<span class=\"first-error\">when it opened: ");

        round(Map.of());
        round(Map.of());
        JsonNode ended = incident();
        assertThat(ended.hasNonNull("resolvedAt")).as("ended after two passed rounds").isTrue();
        assertThat(top(ended)).isEqualTo(top(open));
        assertThat(ended.get("lastError").asText()).isEqualTo(TIMEOUT);

        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        JsonNode opened = receiver.accepted().get(0).json().get("data").get("incident");
        assertThat(receiver.accepted().get(0).type()).isEqualTo("outage.opened");
        assertThat(top(opened)).as("what had failed when it opened")
                .containsExactlyInAnyOrder(STATUS + " x1", REFUSED + " x1");
        JsonNode resolved = receiver.accepted().get(1).json().get("data").get("incident");
        assertThat(receiver.accepted().get(1).type()).isEqualTo("outage.resolved");
        assertThat(top(resolved)).isEqualTo(top(open));
        assertThat(resolved.get("lastError").asText()).isEqualTo(TIMEOUT);
    }
}
