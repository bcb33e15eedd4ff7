package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.T0;

import java.util.List;
import java.util.Map;
import org.glassprobe.api.checks.StoredCheck;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.notify.EventType;
import org.glassprobe.api.notify.OutboundEvent;
import org.glassprobe.api.notify.OutboxStore;
import org.glassprobe.api.notify.Pending;
import org.glassprobe.api.webhook.Webhook;
import org.glassprobe.api.webhook.WebhookStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link OutboxStore} promises, on H2 and on PostgreSQL: subscriptions are made through
 * {@link WebhookStore}, and each webhook's deliveries are read back through its log there.
 */
class OutboxStoreContractTest extends StoreDatabases {
    /** The feed the API keeps a cursor for (V11 starts it at the newest probe event). */
    private static final String FEED = "probe_events";
    private static final OutboundEvent DOWN_1 = event("msg_1", EventType.PROBE_DOWN, null, "probe:1");
    private static final OutboundEvent UP_1 = event("msg_2", EventType.PROBE_UP, null, "probe:1");
    private static final OutboundEvent DOWN_2 = event("msg_3", EventType.PROBE_DOWN, null, "probe:2");

    private OutboxStore outbox;
    private WebhookStore webhooks;

    private void subscribe(String database) throws Exception {
        Database db = open(database);
        outbox = new JdbcOutboxStore(db);
        webhooks = new JdbcWebhookStore(db);
        webhooks.create(new Webhook("wh_all", "webhook", "https://hooks.example/all", List.of("probe.down", "probe.up",
                "outage.opened"), null, null, T0), "whsec_all", 10);
        webhooks.create(new Webhook("wh_up", "webhook", "https://hooks.example/up", List.of("probe.up"), null, null,
                T0.plusSeconds(1)), "whsec_up", 10);
        webhooks.create(new Webhook("wh_site", "webhook", "https://hooks.example/site", List.of("outage.opened"),
                List.of("site"), null, T0.plusSeconds(2)), "whsec_site", 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void advance_moves_the_cursor_and_fills_the_outbox_and_is_false_when_the_cursor_moved_first(String database)
            throws Exception {
        subscribe(database);
        assertThat(outbox.cursor(FEED)).isZero();

        assertThat(outbox.advance(FEED, 0, 3, List.of(DOWN_1, UP_1, DOWN_2), T0)).isTrue();
        assertThat(outbox.cursor(FEED)).isEqualTo(3);
        assertThat(outbox.advance(FEED, 0, 5, List.of(event("msg_4", EventType.PROBE_DOWN, null, "probe:3")), T0))
                .as("another sender moved it first").isFalse();
        assertThat(outbox.cursor(FEED)).isEqualTo(3);
        assertThat(webhooks.deliveries("wh_all", 10)).as("one delivery per subscription that wants the event;"
                + " nothing of the refused advance").extracting(Delivery::messageId, Delivery::status,
                Delivery::attempts).containsExactly(tuple("msg_3", "pending", 0), tuple("msg_2", "pending", 0),
                        tuple("msg_1", "pending", 0));
        assertThat(webhooks.deliveries("wh_up", 10)).extracting(Delivery::messageId).containsExactly("msg_2");

        assertThat(outbox.advance(FEED, 3, 5, List.of(event("msg_5", EventType.OUTAGE_OPENED, "other", "incident:1"),
                event("msg_6", EventType.OUTAGE_OPENED, "site", "incident:2")), T0.plusSeconds(5))).isTrue();
        assertThat(webhooks.deliveries("wh_site", 10)).as("a check filter").extracting(Delivery::messageId,
                Delivery::check, Delivery::createdAt).containsExactly(tuple("msg_6", "site", T0.plusSeconds(5)));
        assertThat(outbox.heads()).isEqualTo(Map.of("wh_all", T0, "wh_up", T0, "wh_site", T0.plusSeconds(5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_label_filter_takes_the_events_of_checks_carrying_every_label_it_names_as_they_are_now(String database)
            throws Exception {
        Database db = open(database);
        outbox = new JdbcOutboxStore(db);
        webhooks = new JdbcWebhookStore(db);
        JdbcCheckStore checks = new JdbcCheckStore(db);
        StoredCheck web = StoreFixtures.check("shop");
        checks.put(new StoredCheck(web.name(), web.kind(), web.interval(), web.timeout(), web.retries(), web.regions(),
                web.sourceFile(), web.sourceText(), web.version(), T0, T0, List.of(),
                Map.of("team", "web", "tier", "1"), null), null, 10);
        checks.put(StoreFixtures.check("search"), null, 10);
        webhooks.create(new Webhook("wh_web", "webhook", "https://hooks.example/web", List.of("outage.opened"), null,
                null, T0, "{}", Map.of("team", "web")), "whsec_web", 10);
        webhooks.create(new Webhook("wh_web_1", "slack", "https://hooks.example/…", List.of("outage.opened"),
                List.of("shop", "search"), null, T0, "{}", Map.of("team", "web", "tier", "2")), "secret", 10);
        webhooks.create(new Webhook("wh_any", "webhook", "https://hooks.example/any", List.of("outage.opened",
                "probe.down"), null, null, T0), "whsec_any", 10);

        assertThat(webhooks.find("wh_web_1").orElseThrow().labels()).isEqualTo(Map.of("team", "web", "tier", "2"));
        assertThat(webhooks.find("wh_any").orElseThrow().labels()).isNull();
        assertThat(outbox.advance(FEED, 0, 1, List.of(event("msg_a", EventType.OUTAGE_OPENED, "shop", "incident:1"),
                event("msg_b", EventType.OUTAGE_OPENED, "search", "incident:2"),
                event("msg_c", EventType.OUTAGE_OPENED, "gone", "incident:3"), DOWN_1), T0)).isTrue();
        assertThat(webhooks.deliveries("wh_web", 10)).as("shop carries team=web; search and a deleted check carry"
                + " nothing").extracting(Delivery::messageId).containsExactly("msg_a");
        assertThat(webhooks.deliveries("wh_web_1", 10)).as("tier=2 is not shop's tier").isEmpty();
        assertThat(webhooks.deliveries("wh_any", 10)).as("no label filter: every check, and probes")
                .extracting(Delivery::messageId).containsExactly("msg_1", "msg_c", "msg_b", "msg_a");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void head_is_the_oldest_due_delivery_that_no_retry_of_its_own_sequence_holds_back(String database)
            throws Exception {
        subscribe(database);
        outbox.advance(FEED, 0, 3, List.of(DOWN_1, UP_1, DOWN_2), T0);

        assertThat(outbox.head("wh_all", T0.minusSeconds(1))).as("not due yet").isEmpty();
        Pending first = outbox.head("wh_all", T0).orElseThrow();
        assertThat(first).isEqualTo(new Pending(first.seq(), "wh_all", "webhook", "https://hooks.example/all",
                "{}", "whsec_all", "msg_1", "probe.down", DOWN_1.payload(), T0, 0, T0));

        outbox.recordAttempt(first.seq(), 1, T0, new Attempt.Transient(503, 20, "status 503"), "pending",
                T0.plusSeconds(60), 10);
        Pending other = outbox.head("wh_all", T0.plusSeconds(1)).orElseThrow();
        assertThat(other.messageId()).as("probe 1's next event waits behind its retry; probe 2's does not")
                .isEqualTo("msg_3");
        assertThat(outbox.heads()).containsEntry("wh_all", T0);

        outbox.recordAttempt(other.seq(), 1, T0.plusSeconds(1), new Attempt.Delivered(200, 5), "delivered", null, 10);
        Pending retried = outbox.head("wh_all", T0.plusSeconds(60)).orElseThrow();
        assertThat(retried.messageId()).isEqualTo("msg_1");
        assertThat(retried.attempts()).isEqualTo(1);

        outbox.recordAttempt(retried.seq(), 2, T0.plusSeconds(60), new Attempt.Fatal(null, 1, "no route to host"),
                "failed", null, 10);
        assertThat(outbox.head("wh_all", T0.plusSeconds(60))).map(Pending::messageId).as("free to go now")
                .contains("msg_2");
        List<Delivery> log = webhooks.deliveries("wh_all", 10);
        assertThat(log).extracting(Delivery::messageId, Delivery::status, Delivery::attempts, Delivery::finishedAt)
                .containsExactly(tuple("msg_3", "delivered", 1, T0.plusSeconds(1)), tuple("msg_2", "pending", 0, null),
                        tuple("msg_1", "failed", 2, T0.plusSeconds(60)));
        assertThat(webhooks.deliveries("wh_all", log.get(0).seq(), 10)).as("a page after the newest")
                .containsExactlyElementsOf(log.subList(1, 3));
        assertThat(webhooks.deliveries("wh_all", log.get(2).seq(), 10)).as("nothing after the oldest").isEmpty();
        assertThat(log.get(2).attemptLog()).containsExactly(
                new Delivery.AttemptRecord(1, T0, 20, 503, "retry", "status 503"),
                new Delivery.AttemptRecord(2, T0.plusSeconds(60), 1, null, "failed", "no route to host"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void expire_fails_a_pending_delivery_without_an_attempt_and_the_oldest_finished_beyond_keep_go(String database)
            throws Exception {
        subscribe(database);
        outbox.advance(FEED, 0, 3, List.of(DOWN_1, UP_1, DOWN_2), T0);
        long down1 = outbox.head("wh_all", T0).orElseThrow().seq();
        long down2 = webhooks.deliveries("wh_all", 1).get(0).seq();

        outbox.expire(down1, T0.plusSeconds(90), 1);
        assertThat(webhooks.deliveries("wh_all", 10)).filteredOn(d -> d.seq() == down1).singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo("failed");
                    assertThat(d.attempts()).isZero();
                    assertThat(d.attemptLog()).isEmpty();
                    assertThat(d.finishedAt()).isEqualTo(T0.plusSeconds(90));
                });

        outbox.recordAttempt(down2, 1, T0.plusSeconds(91), new Attempt.Delivered(204, 3), "delivered", null, 1);
        assertThat(webhooks.deliveries("wh_all", 10)).extracting(Delivery::messageId, Delivery::status)
                .as("one finished kept: the older one went; pending ones never go")
                .containsExactly(tuple("msg_3", "delivered"), tuple("msg_2", "pending"));
        assertThat(webhooks.deliveries("wh_up", 10)).as("another webhook's log is its own").hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void lease_is_exclusive_between_two_senders_until_it_expires_or_is_released(String database) throws Exception {
        subscribe(database);

        assertThat(outbox.lease("wh_all", "sender-1", T0, T0.plusSeconds(30))).isTrue();
        assertThat(outbox.lease("wh_all", "sender-2", T0.plusSeconds(10), T0.plusSeconds(40))).isFalse();
        assertThat(outbox.lease("wh_all", "sender-1", T0.plusSeconds(10), T0.plusSeconds(40))).as("renewed").isTrue();
        assertThat(outbox.lease("wh_all", "sender-2", T0.plusSeconds(35), T0.plusSeconds(65))).isFalse();
        assertThat(outbox.lease("wh_up", "sender-2", T0.plusSeconds(35), T0.plusSeconds(65)))
                .as("each webhook its own lease").isTrue();
        assertThat(outbox.lease("wh_all", "sender-2", T0.plusSeconds(41), T0.plusSeconds(71))).as("expired").isTrue();

        outbox.release("wh_all", "sender-1");
        assertThat(outbox.lease("wh_all", "sender-1", T0.plusSeconds(42), T0.plusSeconds(72)))
                .as("only its holder releases a lease").isFalse();
        outbox.release("wh_all", "sender-2");
        assertThat(outbox.lease("wh_all", "sender-1", T0.plusSeconds(43), T0.plusSeconds(73))).isTrue();
    }

    private static OutboundEvent event(String messageId, EventType type, String check, String orderKey) {
        return new OutboundEvent(messageId, type, check, T0, "{\"type\":\"" + type.wireName() + "\",\"id\":\""
                + messageId + "\"}", orderKey);
    }
}
