package org.glassprobe.api.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * E-mail subscriptions through the real API and a real SMTP server on loopback (GreenMail): the
 * test call, a real outage through the outbox with a retry, logins, TLS, and the password kept out
 * of every answer and every log line. GreenMail offers no STARTTLS, so STARTTLS is tested for its
 * refusal (required but not offered) and TLS with implicit TLS (SMTPS). The API's clock is the
 * test's: the retry after a failed attempt comes when the test moves it a minute.
 */
class EmailTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final String PASSWORD = "Tr0ub4dor-and-3-horses";

    @TempDir
    Path dir;
    TestApi api;
    Relay relay;
    ListAppender<ILoggingEvent> logs;
    final Map<String, String> tokens = new java.util.LinkedHashMap<>();

    @BeforeEach
    void start() {
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", // the relay is on loopback
                "GLASSPROBE_WEBHOOKS_POLL", "50ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "1m",
                "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "1m", "GLASSPROBE_WEBHOOKS_HORIZON", "5m",
                "GLASSPROBE_WEBHOOKS_TIMEOUT", "3s", "GLASSPROBE_PUBLIC_URL", "https://status.example.org"));
    }

    @AfterEach
    void stop() {
        api.close();
        if (relay != null) {
            relay.close();
        }
        root().detachAppender(logs);
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private TestApi.Answer create(String smtp, String extra) {
        return api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"kind\":\"email\",\"to\":[\"oncall@example.org\"],"
                + "\"from\":\"glassprobe <alerts@example.org>\",\"smtp\":" + smtp + ","
                + "\"events\":[\"outage.opened\",\"outage.resolved\"]" + extra + "}");
    }

    private String subscribe(String smtp) {
        TestApi.Answer a = create(smtp, "");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        return a.json().get("id").asText();
    }

    private String plainSmtp() {
        return "{\"host\":\"127.0.0.1\",\"port\":" + relay.port() + ",\"security\":\"none\"}";
    }

    private String tlsSmtp(String login) {
        return "{\"host\":\"localhost\",\"port\":" + relay.port() + ",\"security\":\"tls\",\"certificate\":"
                + TestApi.JSON.valueToTree(Relay.certificatePem()) + login + "}";
    }

    private static String text(MimeMessage m, String type) throws Exception {
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        for (int i = 0; i < alternative.getCount(); i++) {
            BodyPart part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part in " + m.getContentType());
    }

    @Test
    void the_test_call_sends_a_marked_sample_with_both_parts_and_the_link() throws Exception {
        relay = Relay.plain();
        String id = subscribe(plainSmtp());
        JsonNode created = api.get("/api/v1/webhooks/" + id, TestApi.ADMIN).json();
        assertThat(created.get("url").asText()).isEqualTo("mailto:oncall@example.org");
        assertThat(created.at("/settings/smtp/security").asText()).isEqualTo("none");
        assertThat(created.at("/settings/from").asText()).isEqualTo("glassprobe <alerts@example.org>");

        TestApi.Answer test = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN, "");
        assertThat(test.status()).as(test.body()).isEqualTo(200);
        assertThat(test.json().get("status").asText()).as(test.body()).isEqualTo("delivered");
        assertThat(test.json().at("/attemptLog/0/status").asInt()).as("the SMTP reply to DATA").isEqualTo(250);

        assertThat(relay.received()).hasSize(1);
        MimeMessage m = relay.received().get(0);
        assertThat(m.getSubject()).isEqualTo("[test] Outage: example-check is down in eu-west, us-east");
        assertThat(m.getFrom()[0].toString()).isEqualTo("glassprobe <alerts@example.org>");
        assertThat(m.getRecipients(RecipientType.TO)).extracting(Object::toString).containsExactly("oncall@example.org");
        assertThat(m.getHeader("X-Glassprobe-Test")).containsExactly("true");
        assertThat(m.getMessageID()).startsWith("<msg_").endsWith("@example.org>");
        assertThat(m.isMimeType("multipart/alternative")).isTrue();
        String plain = text(m, "text/plain");
        String html = text(m, "text/html");
        for (String body : List.of(plain, html)) {
            assertThat(body).contains("[TEST]", "test message", "https://status.example.org/checks/example-check",
                    "eu-west", "us-east", "status 503, expected 200", "outage.opened", "2026-03-02 10:00:30 UTC");
        }
        assertThat(html).contains("<a href=\"https://status.example.org/checks/example-check\">");
    }

    @Test
    void an_outage_arrives_once_opened_and_once_resolved_even_when_the_relay_was_down() throws Exception {
        relay = Relay.plain();
        String id = subscribe(plainSmtp());
        tokens.putAll(api.enrolBeating(REGIONS));
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {recovery: 1, min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        relay.stop();
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts(id) == 1);
        JsonNode first = deliveries(id).get(0);
        assertThat(first.get("status").asText()).isEqualTo("pending");
        assertThat(first.at("/attemptLog/0/outcome").asText()).isEqualTo("retry");
        assertThat(first.at("/attemptLog/0/error").asText()).contains("refused the connection");

        relay.start();
        api.clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.received().size() == 1);
        MimeMessage opened = relay.received().get(0);
        assertThat(opened.getSubject()).isEqualTo("Outage: site is down in eu-west, us-east");
        assertThat(text(opened, "text/plain")).contains("https://status.example.org/checks/site")
                .doesNotContain("[TEST]");

        api.clock.advance(Duration.ofSeconds(10));
        round();
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.received().size() == 2);
        MimeMessage resolved = relay.received().get(1);
        assertThat(resolved.getSubject()).isEqualTo("Resolved: site is up again");
        String incident = api.get("/api/v1/outages", null).json().at("/incidents/0/id").asText();
        assertThat(resolved.getHeader("References")).containsExactly(opened.getHeader("References"));
        assertThat(resolved.getHeader("References")[0]).contains(incident);
        assertThat(resolved.getMessageID()).isNotEqualTo(opened.getMessageID());

        // GreenMail has the message a moment before the sender records the relay's answer
        await().atMost(Duration.ofSeconds(10)).until(() -> java.util.stream.StreamSupport.stream(
                deliveries(id).spliterator(), false).allMatch(d -> d.get("status").asText().equals("delivered")));
        JsonNode done = deliveries(id);
        assertThat(done).hasSize(2);
        assertThat(done.get(1).get("type").asText()).isEqualTo("outage.opened");
        assertThat(done.get(1).get("attemptLog")).hasSize(2);
        assertThat(done.get(0).get("attemptLog")).hasSize(1);
        Thread.sleep(300); // nothing more comes
        assertThat(relay.received()).hasSize(2);
    }

    @Test
    void a_wrong_password_through_the_outbox_fails_for_good_and_no_log_line_has_it() {
        relay = Relay.tls().user("alerts@example.org", "alerts", PASSWORD);
        String id = subscribe(tlsSmtp(",\"username\":\"alerts\",\"password\":\"not-" + PASSWORD + "\""));
        tokens.putAll(api.enrolBeating(REGIONS));
        api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {recovery: 1, min-open: 0s}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        round();
        api.clock.advance(Duration.ofSeconds(10));
        round("eu-west", "us-east");
        await().atMost(Duration.ofSeconds(10)).until(() -> !deliveries(id).isEmpty()
                && deliveries(id).get(0).get("status").asText().equals("failed"));
        JsonNode attempt = deliveries(id).get(0).at("/attemptLog/0");
        assertThat(attempt.get("outcome").asText()).as("a refused login is not retried").isEqualTo("failed");
        assertThat(attempt.get("status").asInt()).isEqualTo(535);
        assertThat(relay.received()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> logs.list.stream().anyMatch(e -> e.getLevel()
                == ch.qos.logback.classic.Level.ERROR && String.valueOf(e.getKeyValuePairs()).contains(id)));
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage() + " " + e.getKeyValuePairs()).doesNotContain(PASSWORD);
        }
    }

    private void round(String... failing) {
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            boolean ok = !List.of(failing).contains(region);
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("site", now, ok))).status())
                    .isEqualTo(200);
        }
    }

    private JsonNode deliveries(String id) {
        return api.get("/api/v1/webhooks/" + id + "/deliveries", TestApi.ADMIN).json().get("deliveries");
    }

    private int attempts(String id) {
        JsonNode d = deliveries(id);
        return d.isEmpty() ? 0 : d.get(d.size() - 1).get("attempts").asInt();
    }

    @Test
    void a_login_over_tls_delivers_and_a_wrong_password_fails_without_showing_it() throws Exception {
        relay = Relay.tls().user("alerts@example.org", "alerts", PASSWORD);
        String good = subscribe(tlsSmtp(",\"username\":\"alerts\",\"password\":\"" + PASSWORD + "\""));
        TestApi.Answer sent = api.post("/api/v1/webhooks/" + good + "/test", TestApi.ADMIN, "");
        assertThat(sent.json().get("status").asText()).as(sent.body()).isEqualTo("delivered");
        assertThat(relay.received()).hasSize(1);

        String wrong = subscribe(tlsSmtp(",\"username\":\"alerts\",\"password\":\"not-" + PASSWORD + "\""));
        TestApi.Answer failed = api.post("/api/v1/webhooks/" + wrong + "/test", TestApi.ADMIN, "");
        assertThat(failed.json().get("status").asText()).as(failed.body()).isEqualTo("failed");
        JsonNode attempt = failed.json().at("/attemptLog/0");
        assertThat(attempt.get("status").asInt()).isEqualTo(535);
        assertThat(attempt.get("error").asText()).contains("refused the login of 'alerts'", "535");
        assertThat(failed.body()).doesNotContain(PASSWORD);
        assertThat(relay.received()).hasSize(1);

        for (String answer : List.of(create(tlsSmtp(",\"username\":\"alerts\",\"password\":\"" + PASSWORD + "\""), "")
                .body(), api.get("/api/v1/webhooks", TestApi.ADMIN).body(),
                api.get("/api/v1/webhooks/" + good, TestApi.ADMIN).body(),
                api.get("/api/v1/webhooks/" + wrong + "/deliveries", TestApi.ADMIN).body())) {
            assertThat(answer).doesNotContain(PASSWORD);
        }
        assertThat(api.get("/api/v1/webhooks/" + good, TestApi.ADMIN).json().at("/settings/smtp/username").asText())
                .isEqualTo("alerts");
        assertThat(logs.list).as("log lines were captured").isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            assertThat(e.getFormattedMessage() + " " + e.getKeyValuePairs()
                    + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
                    .doesNotContain(PASSWORD);
        }
        assertThat(api.out.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void a_certificate_that_is_not_trusted_fails_for_good() {
        relay = Relay.tls();
        String id = subscribe("{\"host\":\"localhost\",\"port\":" + relay.port() + ",\"security\":\"tls\"}");
        TestApi.Answer failed = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN, "");
        assertThat(failed.json().get("status").asText()).as(failed.body()).isEqualTo("failed");
        assertThat(failed.json().at("/attemptLog/0/outcome").asText()).isEqualTo("failed");
        assertThat(failed.json().at("/attemptLog/0/error").asText()).contains("is not trusted for 'localhost'",
                "smtp.certificate");
        assertThat(relay.received()).isEmpty();
    }

    @Test
    void starttls_required_but_not_offered_sends_nothing_in_clear() {
        relay = Relay.plain(); // GreenMail offers no STARTTLS
        String id = subscribe("{\"host\":\"127.0.0.1\",\"port\":" + relay.port() + "}");
        assertThat(api.get("/api/v1/webhooks/" + id, TestApi.ADMIN).json().at("/settings/smtp/security").asText())
                .isEqualTo("starttls");
        TestApi.Answer failed = api.post("/api/v1/webhooks/" + id + "/test", TestApi.ADMIN, "");
        assertThat(failed.json().get("status").asText()).as(failed.body()).isEqualTo("failed");
        assertThat(failed.json().at("/attemptLog/0/error").asText()).contains("does not offer STARTTLS",
                "nothing was sent in clear");
        assertThat(relay.received()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            bad address in to          | "to":["oncall at example.org"]                     | to[0]: 'oncall at example.org' is not an e-mail address
            no recipient               | "to":[]                                            | to: must be a list of 1 to 20 addresses
            a name in to               | "to":["Ops <ops@example.org>"]                     | to[0]: 'Ops <ops@example.org>' must be a bare address
            two senders                | "from":"a@example.org, b@example.org"              | from: 'a@example.org, b@example.org' is not an e-mail address
            missing smtp.host          | "smtp":{"port":587}                                | smtp.host: required
            a URL as smtp.host         | "smtp":{"host":"smtp://mail.example.org"}          | smtp.host: 'smtp://mail.example.org' is not a host name
            unknown smtp key           | "smtp":{"host":"mail.example.org","tls":true}      | smtp.tls: unknown field; smtp has host, port, security, username, password, certificate
            security none to public    | "smtp":{"host":"203.0.113.5","security":"none"}    | smtp.security: none sends in clear, so it is allowed only to a relay on loopback or a private network
            unknown security           | "smtp":{"host":"mail.example.org","security":"ssl"} | smtp.security: "ssl" is not a security mode; known: starttls, tls, none
            port out of range          | "smtp":{"host":"mail.example.org","port":70000}    | smtp.port: must be a whole number from 1 to 65535, found 70000
            port as text               | "smtp":{"host":"mail.example.org","port":"587"}    | smtp.port: must be a whole number from 1 to 65535, found "587"
            password without username  | "smtp":{"host":"mail.example.org","password":"hunter2-secret"} | smtp.username: required with smtp.password
            password in clear          | "smtp":{"host":"127.0.0.1","security":"none","username":"u","password":"hunter2-secret"} | smtp.security: none would send the password in clear
            certificate not PEM        | "smtp":{"host":"mail.example.org","certificate":"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----"} | smtp.certificate: cannot be read as a PEM X.509 certificate
            smtp not an object         | "smtp":"mail.example.org:587"                      | smtp: required: the relay that takes the messages
            unknown field              | "cc":["boss@example.org"]                          | unknown field 'cc'; a subscription of kind email has kind, events, checks, labels, description, to, from, smtp
            """)
    void a_subscription_that_cannot_be_used_is_refused_naming_the_field(String what, String field, String says)
            throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                TestApi.JSON.readTree("{\"kind\":\"email\",\"to\":[\"oncall@example.org\"],\"from\":\"alerts@example.org\","
                        + "\"smtp\":{\"host\":\"mail.example.org\"},\"events\":[\"outage.opened\"]}");
        body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) TestApi.JSON.readTree("{" + field + "}"));
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, body.toString());
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).as(what).contains(says).doesNotContain("hunter2-secret");
        assertThat(api.get("/api/v1/webhooks", TestApi.ADMIN).json().get("webhooks")).isEmpty();
    }

    @Test
    void a_relay_on_loopback_is_refused_unless_private_targets_are_allowed() {
        try (TestApi strict = new TestApi(dir.resolve("strict"))) {
            TestApi.Answer a = strict.post("/api/v1/webhooks", TestApi.ADMIN, "{\"kind\":\"email\",\"to\":"
                    + "[\"oncall@example.org\"],\"from\":\"alerts@example.org\",\"smtp\":{\"host\":\"127.0.0.1\","
                    + "\"security\":\"tls\"},\"events\":[\"outage.opened\"]}");
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).startsWith("smtp.host: '127.0.0.1' is 127.0.0.1, a loopback")
                    .contains("webhooks.allow-private-targets");
        }
    }
}
