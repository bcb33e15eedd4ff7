package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.glassprobe.api.webhook.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One format for each kind of value in every answer and webhook (docs/api.md, Conventions): every
 * instant is UTC with exactly milliseconds, also one on a whole second (the test's clock stands on
 * one), which {@link Instant#toString()} would write without its {@code .000}.
 */
class AnswerFormatsTest {
    /** What every timestamp in an answer looks like. */
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    /** Anything that starts like a date and time, to be held to {@link #TIMESTAMP}. */
    private static final Pattern LOOKS_LIKE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final List<String> REGIONS = List.of("eu-west", "us-east");

    @TempDir
    Path dir;
    TestApi api;
    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
                "GLASSPROBE_WEBHOOKS_POLL", "50ms", "GLASSPROBE_PUBLIC_URL", "https://status.example.org"));
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    /** Every string in the JSON that looks like a time, with where it is. */
    static List<String> timesIn(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> timesIn(e.getValue(), path + "/" + e.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                timesIn(node.get(i), path + "/" + i, found);
            }
        } else if (node.isTextual() && LOOKS_LIKE_TIME.matcher(node.asText()).matches()) {
            found.add(path + " = " + node.asText());
        }
        return found;
    }

    private static void assertTimestamps(String what, JsonNode json, int atLeast) {
        List<String> times = timesIn(json, "", new ArrayList<>());
        assertThat(times).as(what + ": " + json).hasSizeGreaterThanOrEqualTo(atLeast);
        assertThat(times).as(what).allSatisfy(t -> assertThat(t.substring(t.indexOf(" = ") + 3)).as(t)
                .matches(TIMESTAMP));
    }

    @Test
    void every_instant_in_answers_and_webhooks_is_utc_with_exactly_milliseconds() {
        assertThat(api.clock.instant().getNano()).as("the clock stands on a whole second").isZero();
        TestApi.Answer hook = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"outage.opened\",\"probe.down\"]}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        receiver.secret(hook.json().get("secret").asText());
        String webhook = hook.json().get("id").asText();
        assertTimestamps("POST /api/v1/webhooks", hook.json(), 1);

        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (String region : REGIONS) {
            TestApi.Answer enrolled = api.post("/api/v1/probes", TestApi.ADMIN, "{\"name\":\"p-" + region
                    + "\",\"region\":\"" + region + "\"}");
            assertTimestamps("POST /api/v1/probes", enrolled.json(), 1);
            tokens.put(region, enrolled.json().get("token").asText());
            TestApi.Answer beat = api.post("/api/v1/probe/heartbeat", tokens.get(region),
                    "{\"startedAt\":\"2026-03-02T09:00:00Z\",\"clock\":\"2026-03-02T10:00:30.123456Z\"}");
            assertTimestamps("POST /api/v1/probe/heartbeat", beat.json(), 1);
        }
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {recovery: 1, min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        for (int round = 0; round < 2; round++) {
            Instant now = api.clock.instant();
            for (String region : REGIONS) {
                assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("site", now, round == 0)))
                        .status()).isEqualTo(200);
            }
            api.clock.advance(Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
        assertTimestamps("the outage.opened webhook", receiver.accepted().get(0).json(), 3);
        TestApi.Answer sample = api.post("/api/v1/webhooks/" + webhook + "/test", TestApi.ADMIN,
                "{\"type\":\"probe.down\"}");
        assertTimestamps("POST /api/v1/webhooks/{id}/test", sample.json(), 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        assertTimestamps("the probe.down sample webhook", receiver.accepted().get(1).json(), 1);

        TestApi.Answer window = api.post("/api/v1/maintenance", TestApi.ADMIN,
                "{\"check\":\"site\",\"startsAt\":\"2026-04-01T22:00:00Z\",\"endsAt\":\"2026-04-01T23:00:00.5Z\"}");
        assertThat(window.status()).as(window.body()).isEqualTo(201);
        assertTimestamps("POST /api/v1/maintenance", window.json(), 3);

        String incident = api.get("/api/v1/outages", null).json().at("/incidents/0/id").asText();
        for (String path : List.of("/api/v1/probes", "/api/v1/probes/p-eu-west/events", "/api/v1/checks",
                "/api/v1/checks/site", "/api/v1/checks/site/results", "/api/v1/checks/site/summary",
                "/api/v1/checks/site/series?period=1h&step=5m", "/api/v1/outages", "/api/v1/outages/" + incident,
                "/api/v1/webhooks", "/api/v1/webhooks/" + webhook, "/api/v1/webhooks/" + webhook + "/deliveries",
                "/api/v1/maintenance", "/status.json", "/readyz")) {
            TestApi.Answer a = api.get(path, TestApi.ADMIN);
            assertThat(a.status()).as(path + ": " + a.body()).isIn(200, 503);
            assertTimestamps("GET " + path, a.json(), path.equals("/readyz") ? 0 : 1);
        }
        TestApi.Answer assigned = api.get("/api/v1/probe/checks", tokens.get("eu-west"));
        assertTimestamps("GET /api/v1/probe/checks", assigned.json(), 1);
    }

    /** Asserts that each named field is in the object, as null. */
    private static void assertNullFields(String what, JsonNode object, String... fields) {
        for (String field : fields) {
            assertThat(object.has(field)).as(what + " has " + field + ": " + object).isTrue();
            assertThat(object.get(field).isNull()).as(what + "'s " + field + " is null: " + object).isTrue();
        }
    }

    @Test
    void documented_fields_that_are_unknown_are_null_not_left_out() {
        TestApi.Answer hook = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"outage.opened\"]}");
        receiver.secret(hook.json().get("secret").asText());
        assertNullFields("a webhook without checks and description", hook.json(), "checks", "description");
        String token = api.enrol("p-eu-west", "eu-west");
        api.post("/api/v1/probe/heartbeat", token, "{}");
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\nregions: [eu-west]\n"
                + "outage: {failures: 1}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        assertThat(api.postResults(token, List.of(TestApi.result("site", api.clock.instant(), false))).status())
                .isEqualTo(200);

        JsonNode incident = api.get("/api/v1/outages", null).json().at("/incidents/0");
        assertNullFields("an open incident", incident, "resolvedAt", "durationMs", "runs", "failedRuns",
                "clearSince");
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
        assertNullFields("an open incident in outage.opened", receiver.accepted().get(0).json().at("/data/incident"),
                "resolvedAt", "runs", "failedRuns");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/webhooks/" + hook.json().get("id")
                .asText() + "/deliveries", TestApi.ADMIN).json().at("/deliveries/0/status").asText().equals("delivered"));
        JsonNode delivery = api.get("/api/v1/webhooks/" + hook.json().get("id").asText() + "/deliveries",
                TestApi.ADMIN).json().at("/deliveries/0");
        assertNullFields("a delivered delivery", delivery, "nextAttemptAt");
        assertNullFields("an answered attempt", delivery.at("/attemptLog/0"), "error");

        TestApi.Answer window = api.post("/api/v1/maintenance", TestApi.ADMIN,
                "{\"startsAt\":\"2026-04-01T22:00:00Z\",\"endsAt\":\"2026-04-01T23:00:00Z\"}");
        assertNullFields("a one-off window for every check", window.json(), "check", "cron", "durationMs", "timeZone",
                "reason");
    }

    /** Every field name in the JSON, with where it is. */
    private static List<String> fieldsIn(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                found.add(path + "/" + e.getKey());
                fieldsIn(e.getValue(), path + "/" + e.getKey(), found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                fieldsIn(node.get(i), path + "/" + i, found);
            }
        }
        return found;
    }

    @Test
    void durations_are_milliseconds_in_fields_whose_names_end_in_ms() {
        String token = api.enrol("p-eu-west", "eu-west");
        api.post("/api/v1/probe/heartbeat", token, "{}");
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\nregions: [eu-west]\n"
                + "outage: {failures: 1, recovery: 1, min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        Instant opened = api.clock.instant();
        api.postResults(token, List.of(TestApi.result("site", opened, false)));
        api.clock.advance(Duration.ofMillis(12_500));
        api.postResults(token, List.of(TestApi.result("site", api.clock.instant(), true)));
        TestApi.Answer window = api.post("/api/v1/maintenance", TestApi.ADMIN,
                "{\"cron\": \"0 0 2 ? * SUN\", \"duration\": \"2h\", \"timeZone\": \"Europe/Berlin\"}");
        assertThat(window.status()).as(window.body()).isEqualTo(201);
        assertThat(window.json().get("durationMs").asLong()).isEqualTo(7_200_000);

        JsonNode incident = api.get("/api/v1/outages", null).json().at("/incidents/0");
        assertThat(incident.get("durationMs").asLong()).as(incident.toString()).isEqualTo(12_500);
        JsonNode status = api.get("/status.json", null).json();
        assertThat(status.get("refreshMs").asLong()).isEqualTo(30_000);
        assertThat(status.at("/incidents/0/durationMs").asLong()).isEqualTo(12_500);
        for (String path : List.of("/api/v1/outages", "/status.json", "/api/v1/maintenance", "/api/v1/probes",
                "/api/v1/checks/site/summary", "/api/v1/checks/site/series")) {
            assertThat(fieldsIn(api.get(path, TestApi.ADMIN).json(), "", new ArrayList<>())).as(path)
                    .noneMatch(f -> f.matches(".*(Seconds|Secs|/duration|/interval|/timeout)$"));
        }
    }
}
