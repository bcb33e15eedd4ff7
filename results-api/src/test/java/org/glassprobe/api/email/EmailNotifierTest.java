package org.glassprobe.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.EventType;
import org.glassprobe.api.notify.Notifier;
import org.glassprobe.api.webhook.TargetPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the e-mail notifier sorts what happens to one attempt against real SMTP servers on loopback:
 * delivered, worth trying again (no connection), or fatal (a login refused, STARTTLS not offered,
 * a certificate not trusted, a host that now resolves where the policy refuses).
 */
class EmailNotifierTest {
    private static final ObjectMapper JSON = TestApi.JSON;
    private static final String SAMPLE = "{\"type\":\"outage.opened\",\"timestamp\":\"2026-03-02T10:00:00Z\","
            + "\"data\":{\"test\":true,\"check\":\"<b>shop</b>\",\"regions\":[\"eu-west\"],\"incident\":{\"id\":"
            + "\"inc-1\",\"errorSummary\":\"<script>alert(1)</script>\"},\"links\":{\"check\":"
            + "\"https://status.example.org/checks/shop\"}}}";

    Relay relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    private static EmailNotifier notifier(TargetPolicy policy) {
        return new EmailNotifier(policy, Duration.ofSeconds(3), JSON);
    }

    private static Notifier.Destination destination(EmailNotifier n, String smtp) throws Exception {
        JsonNode fields = JSON.readTree("{\"to\":[\"oncall@example.org\"],\"from\":\"alerts@example.org\",\"smtp\":"
                + smtp + "}");
        return n.destination(Map.of("to", fields.get("to"), "from", fields.get("from"), "smtp", fields.get("smtp")));
    }

    private static Attempt send(EmailNotifier n, Notifier.Destination d) {
        return n.send(new Notifier.Target("wh_test", d.address(), d.settings(), d.secret()),
                new Notifier.Message("msg_sample", EventType.OUTAGE_OPENED.wireName(), Instant.now(), SAMPLE));
    }

    @Test
    void a_relay_that_does_not_answer_is_worth_trying_again() throws Exception {
        relay = Relay.plain();
        EmailNotifier n = notifier(new TargetPolicy(true));
        Notifier.Destination d = destination(n, "{\"host\":\"127.0.0.1\",\"port\":" + relay.port()
                + ",\"security\":\"none\"}");
        relay.stop();
        Attempt a = send(n, d);
        assertThat(a).isInstanceOf(Attempt.Transient.class);
        assertThat(a.status()).isNull();
        assertThat(a.error()).contains("127.0.0.1:" + relay.port() + " refused the connection");
        relay.start();
        assertThat(send(n, d)).isInstanceOf(Attempt.Delivered.class);
    }

    @Test
    void text_from_checks_is_escaped_in_the_html_part_and_a_name_outside_ascii_is_encoded() throws Exception {
        relay = Relay.plain();
        EmailNotifier n = notifier(new TargetPolicy(true));
        JsonNode fields = JSON.readTree("{\"to\":[\"oncall@example.org\"],\"from\":\"Zürich Wache <alerts@example.org>\","
                + "\"smtp\":{\"host\":\"127.0.0.1\",\"port\":" + relay.port() + ",\"security\":\"none\"}}");
        Attempt a = send(n, n.destination(Map.of("to", fields.get("to"), "from", fields.get("from"), "smtp",
                fields.get("smtp"))));
        assertThat(a).as(a.error()).isInstanceOf(Attempt.Delivered.class);
        assertThat(a.status()).isEqualTo(250);
        var m = relay.received().get(0);
        assertThat(m.getMessageID()).isEqualTo("<msg_sample@example.org>");
        assertThat(m.getHeader("From")[0]).isEqualTo("=?UTF-8?Q?Z=C3=BCrich_Wache?= <alerts@example.org>");
        var parts = (jakarta.mail.internet.MimeMultipart) m.getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html).contains("&lt;b&gt;shop&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>", "<b>shop");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("<script>alert(1)</script>");
    }

    @Test
    void each_kind_of_refusal_is_fatal() throws Exception {
        relay = Relay.plain();
        EmailNotifier n = notifier(new TargetPolicy(true));
        Attempt noStarttls = send(n, destination(n, "{\"host\":\"127.0.0.1\",\"port\":" + relay.port() + "}"));
        assertThat(noStarttls).isInstanceOf(Attempt.Fatal.class);
        assertThat(noStarttls.error()).contains("does not offer STARTTLS");
        relay.close();

        relay = Relay.tls().user("alerts@example.org", "alerts", "right-password");
        String tls = "{\"host\":\"localhost\",\"port\":" + relay.port() + ",\"security\":\"tls\"";
        Attempt untrusted = send(n, destination(n, tls + "}"));
        assertThat(untrusted).isInstanceOf(Attempt.Fatal.class);
        assertThat(untrusted.error()).contains("not trusted");

        String trusted = tls + ",\"certificate\":" + JSON.valueToTree(Relay.certificatePem());
        EmailNotifier elsewhere = notifier(new TargetPolicy(true, host -> List.of(InetAddress.getLoopbackAddress())));
        Attempt wrongName = send(elsewhere, destination(elsewhere, trusted.replace("\"localhost\"",
                "\"relay.internal\"") + "}"));
        assertThat(wrongName).as("the certificate names localhost and 127.0.0.1 only").isInstanceOf(Attempt.Fatal.class);
        assertThat(wrongName.error()).contains("not trusted for 'relay.internal'");

        Attempt login = send(n, destination(n, trusted + ",\"username\":\"alerts\",\"password\":\"wrong-password\"}"));
        assertThat(login).isInstanceOf(Attempt.Fatal.class);
        assertThat(login.status()).isEqualTo(535);
        assertThat(login.error()).doesNotContain("wrong-password");

        Attempt delivered = send(n, destination(n, trusted + ",\"username\":\"alerts\",\"password\":\"right-password\"}"));
        assertThat(delivered).as(delivered.error()).isInstanceOf(Attempt.Delivered.class);
    }

    @Test
    void a_host_that_now_resolves_to_a_private_address_fails_for_good() throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of("203.0.113.7", "127.0.0.1"));
        Dns dns = host -> List.of(InetAddress.getByName(answers.size() > 1 ? answers.poll() : answers.peek()));
        EmailNotifier n = notifier(new TargetPolicy(false, dns));
        Notifier.Destination d = destination(n, "{\"host\":\"smtp.example.org\",\"port\":2525}");
        Attempt a = send(n, d);
        assertThat(a).isInstanceOf(Attempt.Fatal.class);
        assertThat(a.error()).contains("smtp.example.org", "127.0.0.1", TargetPolicy.SETTING);
    }

    /** A reply of the scripted relay and what it makes of the attempt. */
    record Reply(String greeting, String command, String reply, Class<? extends Attempt> outcome, int status) {}

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("replies")
    void a_4xx_reply_is_worth_trying_again_and_a_5xx_is_not(Reply r) throws Exception {
        try (ScriptedRelay scripted = new ScriptedRelay(r.greeting(),
                c -> r.command() != null && c.startsWith(r.command()) ? r.reply() : null)) {
            EmailNotifier n = notifier(new TargetPolicy(true));
            Attempt a = send(n, destination(n, "{\"host\":\"127.0.0.1\",\"port\":" + scripted.port()
                    + ",\"security\":\"none\"}"));
            assertThat(a).as(String.valueOf(a.error())).isInstanceOf(r.outcome());
            assertThat(a.status()).isEqualTo(r.status());
            String said = r.reply() != null ? r.reply() : r.greeting();
            assertThat(a.error()).contains(said.substring(4));
        }
    }

    static List<Reply> replies() {
        return List.of(
                new Reply("220 ready", "RCPT", "550 5.1.1 no such user here", Attempt.Fatal.class, 550),
                new Reply("220 ready", "RCPT", "450 4.2.1 mailbox busy, try later", Attempt.Transient.class, 450),
                new Reply("220 ready", "MAIL", "451 4.3.0 local trouble", Attempt.Transient.class, 451),
                new Reply("220 ready", "MAIL", "553 5.7.1 sender not allowed", Attempt.Fatal.class, 553),
                new Reply("220 ready", "DATA.", "452 4.3.1 out of space for now", Attempt.Transient.class, 452),
                new Reply("220 ready", "DATA.", "554 5.7.1 message refused as spam", Attempt.Fatal.class, 554),
                new Reply("421 4.3.2 too busy, come back later", null, null, Attempt.Transient.class, 421));
    }

    @Test
    void one_recipient_refused_sends_the_message_to_nobody() throws Exception {
        try (ScriptedRelay scripted = new ScriptedRelay("220 ready",
                c -> c.contains("GONE@EXAMPLE.ORG") ? "550 5.1.1 gone@example.org: no such user" : null)) {
            EmailNotifier n = notifier(new TargetPolicy(true));
            JsonNode fields = JSON.readTree("{\"to\":[\"oncall@example.org\",\"gone@example.org\"],\"from\":"
                    + "\"alerts@example.org\",\"smtp\":{\"host\":\"127.0.0.1\",\"port\":" + scripted.port()
                    + ",\"security\":\"none\"}}");
            Attempt a = send(n, n.destination(Map.of("to", fields.get("to"), "from", fields.get("from"), "smtp",
                    fields.get("smtp"))));
            assertThat(a).isInstanceOf(Attempt.Fatal.class);
            assertThat(a.error()).contains("gone@example.org: no such user");
            assertThat(scripted.commands()).anyMatch(c -> c.startsWith("RCPT TO:<ONCALL@EXAMPLE.ORG>"))
                    .doesNotContain("DATA");
        }
    }

    @Test
    void a_relay_that_drips_its_answers_is_cut_off_at_the_timeout_for_the_whole_attempt() throws Exception {
        try (ScriptedRelay slow = new ScriptedRelay("220 ready", c -> {
            try {
                Thread.sleep(700); // each answer well within the timeout, all of them not
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        })) {
            EmailNotifier n = new EmailNotifier(new TargetPolicy(true), Duration.ofSeconds(2), JSON);
            long start = System.nanoTime();
            Attempt a = send(n, destination(n, "{\"host\":\"127.0.0.1\",\"port\":" + slow.port()
                    + ",\"security\":\"none\"}"));
            assertThat(a).as(String.valueOf(a.error())).isInstanceOf(Attempt.Transient.class);
            assertThat(a.error()).contains("did not finish within 2000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
            assertThat(slow.commands()).doesNotContain("DATA.");
        }
    }
}
