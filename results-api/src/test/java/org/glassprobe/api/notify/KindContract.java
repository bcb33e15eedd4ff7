package org.glassprobe.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What every notifier kind that writes to a vendor's endpoint must do, through the real API (its
 * routes, the outbox, the dispatcher) and a real receiver on loopback that checks the vendor's
 * documented payload with a JSON Schema written from the vendor's docs (beside the test, under
 * {@code src/test/resources/notifiers/}) and the kind's own assertions. Each kind's test extends it
 * and says how to subscribe, what its secret is, and what its receiver answers.
 */
public abstract class KindContract {
    protected static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dir;
    protected TestApi api;
    protected KindReceiver receiver;
    private final Map<String, String> tokens = new java.util.LinkedHashMap<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    /** The kind's name. */
    protected abstract String kind();

    /** The kind's own fields for a subscription that sends to this URL (a JSON object's members). */
    protected abstract String fields(String url);

    /** The path the receiver is given: for a chat kind, with the webhook's secret token in it. */
    protected abstract String path();

    /** What must never be shown or logged: the URL's secret part, or the routing key. */
    protected abstract String secret();

    /** The receiver's usual answer, as the vendor answers a good request. */
    protected abstract KindReceiver.Answer delivered();

    /** The kind's own checks of a message it sent about an event of this type (beyond its JSON Schema). */
    protected abstract void checkMessage(JsonNode body, String type, boolean test);

    /** The kind's checks of what an outage's opening and end sent, each after its schema and checks. */
    protected abstract void checkOutage(List<KindReceiver.Received> accepted, String incident);

    /** Subscriptions the kind refuses: the JSON body, and what the 400's error must say. */
    protected abstract List<Refused> refused();

    public record Refused(String body, String says) {}

    @BeforeEach
    void start() throws IOException {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", // the receiver is on loopback
                "GLASSPROBE_WEBHOOKS_POLL", "50ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "1m",
                "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "1m", "GLASSPROBE_WEBHOOKS_HORIZON", "5m",
                "GLASSPROBE_WEBHOOKS_TIMEOUT", "2s", "GLASSPROBE_PUBLIC_URL", "https://status.example.org"));
        receiver = new KindReceiver(delivered());
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        logs.stop();
    }

    protected String subscribe(String url, String events) {
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"kind\":\"" + kind() + "\","
                + fields(url) + ",\"events\":" + events + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(a.body()).as("the creation's answer").doesNotContain(secret());
        assertThat(a.json().get("kind").asText()).isEqualTo(kind());
        assertThat(a.json().hasNonNull("secret")).as("a credential the admin gave is never shown back").isFalse();
        return a.json().get("id").asText();
    }

    protected void network() {
        tokens.putAll(api.enrolBeating(REGIONS));
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {recovery: 1, min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
    }

    /** One round of results, the given regions failing. */
    protected void round(String... failing) {
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            boolean ok = !List.of(failing).contains(region);
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("site", now, ok))).status())
                    .isEqualTo(200);
        }
    }

    protected JsonNode deliveries(String id) {
        return api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries");
    }

    private boolean allDelivered(String id) {
        for (JsonNode d : deliveries(id)) {
            if (!d.get("status").asText().equals("delivered")) {
                return false;
            }
        }
        return true;
    }

    /** Every problem of the message under the kind's JSON Schema (formats asserted). */
    protected List<String> problems(JsonNode message) {
        try (InputStream in = KindContract.class.getResourceAsStream("/notifiers/" + kind() + ".schema.json")) {
            assertThat(in).as("the schema of " + kind()).isNotNull();
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                    SchemaLocation.of("https://glassprobe.test/notifiers/" + kind() + ".schema.json"),
                    TestApi.JSON.readTree(in));
            return schema.validate(message, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)))
                    .stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    protected void checkAll(KindReceiver.Received r, String type, boolean test) {
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(problems(r.json())).as("%s under %s's schema", r.body(), kind()).isEmpty();
        checkMessage(r.json(), type, test);
    }

    @Test
    void a_test_call_arrives_in_the_kinds_shape_marked_as_a_test() {
        String id = subscribe(receiver.url(path()), "[\"outage.opened\",\"outage.resolved\",\"probe.down\"]");
        for (String type : List.of("outage.opened", "outage.resolved", "probe.down")) {
            TestApi.Answer test = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN,
                    "{\"type\":\"" + type + "\"}");
            assertThat(test.status()).as(test.body()).isEqualTo(200);
            assertThat(test.json().get("status").asText()).as(test.body()).isEqualTo("delivered");
            assertThat(test.body()).doesNotContain(secret());
        }
        List<KindReceiver.Received> got = receiver.received();
        assertThat(got).hasSize(3);
        assertThat(got).allSatisfy(r -> assertThat(r.path()).isEqualTo(path()));
        checkAll(got.get(0), "outage.opened", true);
        checkAll(got.get(1), "outage.resolved", true);
        checkAll(got.get(2), "probe.down", true);
    }

    @Test
    void an_outage_arrives_once_opened_then_resolved_through_the_outbox_retried_after_a_503() {
        String id = subscribe(receiver.url(path()), "[\"outage.opened\",\"outage.resolved\"]");
        network();
        receiver.then(new KindReceiver.Answer(503, "upstream unavailable"));
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
        assertThat(receiver.accepted()).isEmpty();
        api.clock.advance(Duration.ofMinutes(1)); // past the backoff: the retry goes
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);

        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        api.api.outages().decideAll();
        api.clock.advance(Duration.ofSeconds(10));
        round();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> allDelivered(id));

        String incident = api.get("/api/v1/outages", null).json().get("incidents").get(0).get("id").asText();
        List<KindReceiver.Received> accepted = receiver.accepted();
        assertThat(receiver.received()).hasSize(3);
        assertThat(receiver.received().get(0).body()).as("the retry sends the same message")
                .isEqualTo(accepted.get(0).body());
        checkAll(accepted.get(0), "outage.opened", false);
        checkAll(accepted.get(1), "outage.resolved", false);
        checkOutage(accepted, incident);

        JsonNode deliveries = deliveries(id);
        assertThat(deliveries).extracting(d -> d.get("type").asText())
                .containsExactly("outage.resolved", "outage.opened");
        JsonNode opened = deliveries.get(1);
        assertThat(opened.get("attempts").asInt()).isEqualTo(2);
        assertThat(opened.get("attemptLog")).hasSize(2);
        assertThat(opened.get("attemptLog").get(0).get("status").asInt()).isEqualTo(503);
        assertThat(opened.get("attemptLog").get(0).get("outcome").asText()).isEqualTo("retry");
        assertThat(opened.get("attemptLog").get(0).get("error").asText()).contains("503", "upstream unavailable");
        assertThat(opened.get("attemptLog").get(1).get("outcome").asText()).isEqualTo("delivered");
        assertThat(deliveries.get(0).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void the_secret_is_never_in_an_answer_a_delivery_log_or_a_log_line_even_when_delivery_fails() throws IOException {
        String id = subscribe(receiver.url(path()), "[\"outage.opened\",\"outage.resolved\"]");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        // nothing listens there: every delivery fails with a connection error
        String unreachable = subscribe("http://127.0.0.1:" + closed + path(), "[\"outage.opened\"]");
        TestApi.Answer test = api.post("/api/v1/webhooks/" + unreachable + "/test", TestApi.ADMIN, "");
        assertThat(test.json().get("status").asText()).as(test.body()).isEqualTo("failed");
        assertThat(test.json().at("/attemptLog/0/status").isNull()).isTrue();
        // a receiver that refuses for good
        receiver.usually(new KindReceiver.Answer(404, "{\"message\": \"gone\"}"));
        network();
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(unreachable).size() == 2
                && deliveries(unreachable).get(0).get("attempts").asInt() >= 1
                && deliveries(id).get(0).get("status").asText().equals("failed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> rendered().contains("webhook delivery failed for good")
                && rendered().contains("retrying later"));

        for (String path : List.of("/api/v1/webhooks", "/api/v1/webhooks/" + id, "/api/v1/webhooks/" + unreachable,
                "/api/v1/webhooks/" + id + "/deliveries", "/api/v1/webhooks/" + unreachable + "/deliveries")) {
            TestApi.Answer a = api.get(path, TestApi.ADMIN);
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).as(path).doesNotContain(secret());
        }
        assertThat(api.get("/api/v1/webhooks/" + unreachable + "/deliveries", TestApi.ADMIN).body())
                .as("the connection error is said").containsIgnoringCase("connect");
        assertThat(rendered()).as("the log").doesNotContain(secret()).contains(id, unreachable);
        assertThat(api.out.toString(StandardCharsets.UTF_8)).doesNotContain(secret());
    }

    @Test
    void a_subscription_the_kind_cannot_use_is_refused_naming_the_field_and_nothing_is_stored() {
        List<Refused> cases = new java.util.ArrayList<>(refused());
        cases.add(new Refused("{\"kind\":\"" + kind() + "\"," + fields("ftp://hooks.example.org" + path())
                + ",\"events\":[\"outage.opened\"]}", "url: must be an http or https URL"));
        cases.add(new Refused("{\"kind\":\"" + kind() + "\"," + fields("https://hooks.example.org" + path())
                + ",\"events\":[\"outage.opened\"],\"secret\":\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"}",
                "unknown field 'secret'; a subscription of kind " + kind() + " has kind, events, checks, labels,"
                        + " description, "));
        for (Refused c : cases) {
            TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, c.body());
            assertThat(a.status()).as(c.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(c.body()).contains(c.says());
            assertThat(a.body()).as("a refusal does not quote the secret").doesNotContain(secret());
        }
        assertThat(api.get("/api/v1/webhooks", TestApi.ADMIN).json().get("webhooks")).isEmpty();
        assertThat(rendered()).doesNotContain(secret());
    }

    /** A sender as the API makes one, loopback allowed, for sending a crafted event straight to the receiver. */
    protected static org.glassprobe.api.webhook.HttpSender sender() {
        return new org.glassprobe.api.webhook.HttpSender(Duration.ofSeconds(2), 64 * 1024,
                new org.glassprobe.api.webhook.TargetPolicy(true));
    }

    /**
     * An event of a check as the Announcer writes it (its envelope and the fields {@link Notice} reads),
     * with the given regions' errors: for what the API's own outages do not produce (long texts, many
     * regions, markup in an error).
     */
    protected static Notifier.Message event(String type, String check, Map<String, String> regionErrors,
            String summary, List<String> supersedes) {
        com.fasterxml.jackson.databind.node.ObjectNode root = TestApi.JSON.createObjectNode();
        root.put("type", type).put("timestamp", "2026-03-02T10:00:30Z");
        com.fasterxml.jackson.databind.node.ObjectNode data = root.putObject("data");
        data.put("check", check).put("state", "outage");
        com.fasterxml.jackson.databind.node.ArrayNode regions = data.putArray("regions");
        regionErrors.keySet().forEach(regions::add);
        data.putObject("incident").put("id", "6f1c1c8e-4b7a-4d6e-9a51-2f0d3c4b5a69").put("kind", "outage")
                .put("errorSummary", summary);
        com.fasterxml.jackson.databind.node.ObjectNode states = data.putObject("regionStates");
        regionErrors.forEach((r, e) -> states.putObject(r).put("state", "outage").put("lastError", e));
        data.putObject("links").put("page", "https://status.example.org/")
                .put("check", "https://status.example.org/checks/" + java.net.URLEncoder.encode(check,
                        StandardCharsets.UTF_8).replace("+", "%20"));
        if (!supersedes.isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode ids = data.putArray("supersedes");
            supersedes.forEach(ids::add);
        }
        return new Notifier.Message("msg_test", type, Instant.parse("2026-03-02T10:00:31Z"), root.toString());
    }

    /** Every captured log event as text: its message, its key-value pairs and its exceptions. */
    protected String rendered() {
        StringBuilder s = new StringBuilder();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            s.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
            if (e.getKeyValuePairs() != null) {
                e.getKeyValuePairs().forEach(kv -> s.append(' ').append(kv.key).append('=').append(kv.value));
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                s.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
            }
            s.append('\n');
        }
        return s.toString();
    }
}
