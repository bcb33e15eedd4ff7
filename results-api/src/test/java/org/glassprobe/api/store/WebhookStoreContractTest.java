package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.glassprobe.api.store.StoreFixtures.T0;

import java.util.List;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.webhook.Webhook;
import org.glassprobe.api.webhook.WebhookStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link WebhookStore} promises, on H2 and on PostgreSQL. */
class WebhookStoreContractTest extends StoreDatabases {
    private static final Webhook EVERY_CHECK = new Webhook("wh_every", "webhook", "https://hooks.example/every",
            List.of("outage.opened", "outage.resolved"), null, null, T0);
    private static final Webhook TWO_CHECKS = new Webhook("wh_two", "webhook", "https://hooks.example/two",
            List.of("probe.down"), List.of("site", "shop, the one with a comma"), "the on-call channel",
            T0.plusSeconds(1));

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void create_stores_webhooks_until_the_limit_and_list_find_and_secret_read_them(String database) throws Exception {
        WebhookStore webhooks = new JdbcWebhookStore(open(database));

        assertThat(webhooks.create(TWO_CHECKS, "whsec_two", 2)).isTrue();
        assertThat(webhooks.create(EVERY_CHECK, "whsec_every", 2)).isTrue();
        assertThat(webhooks.create(new Webhook("wh_third", "webhook", "https://hooks.example/3", List.of("probe.up"),
                null, null, T0), "whsec_3", 2)).as("at the limit").isFalse();

        assertThat(webhooks.list()).as("every field as created; oldest first").containsExactly(EVERY_CHECK, TWO_CHECKS);
        assertThat(webhooks.find("wh_two")).contains(TWO_CHECKS);
        assertThat(webhooks.find("wh_third")).isEmpty();
        assertThat(webhooks.secret("wh_every")).contains("whsec_every");
        assertThat(webhooks.secret("wh_third")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordTest_records_a_finished_delivery_with_its_one_attempt_and_keeps_the_newest(String database)
            throws Exception {
        WebhookStore webhooks = new JdbcWebhookStore(open(database));
        webhooks.create(EVERY_CHECK, "whsec_every", 10);

        long delivered = webhooks.recordTest("wh_every", "msg_1", "outage.opened", "{}", T0,
                new Attempt.Delivered(204, 12.5), 2);
        long failed = webhooks.recordTest("wh_every", "msg_2", "outage.opened", "{}", T0.plusSeconds(1),
                new Attempt.Transient(null, 5000, "timed out after 5 s"), 2);

        assertThat(failed).isGreaterThan(delivered);
        List<Delivery> log = webhooks.deliveries("wh_every", 10);
        assertThat(log).extracting(Delivery::seq, Delivery::messageId, Delivery::status, Delivery::attempts,
                Delivery::finishedAt, Delivery::test).as("newest first").containsExactly(
                        tuple(failed, "msg_2", "failed", 1, T0.plusSeconds(1), true),
                        tuple(delivered, "msg_1", "delivered", 1, T0, true));
        assertThat(log.get(0).check()).isNull();
        assertThat(log.get(0).eventType()).isEqualTo("outage.opened");
        assertThat(log.get(0).attemptLog()).containsExactly(new Delivery.AttemptRecord(1, T0.plusSeconds(1), 5000, null,
                "failed", "timed out after 5 s"));
        assertThat(log.get(1).attemptLog()).containsExactly(new Delivery.AttemptRecord(1, T0, 12.5, 204, "delivered",
                null));
        assertThat(webhooks.deliveries("wh_every", 1)).extracting(Delivery::messageId).containsExactly("msg_2");

        long third = webhooks.recordTest("wh_every", "msg_3", "outage.opened", "{}", T0.plusSeconds(2),
                new Attempt.Delivered(200, 3), 2);
        assertThat(webhooks.deliveries("wh_every", 10)).extracting(Delivery::seq).as("only the newest 2 kept")
                .containsExactly(third, failed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void delete_removes_the_webhook_with_its_deliveries_and_says_whether_there_was_one(String database)
            throws Exception {
        WebhookStore webhooks = new JdbcWebhookStore(open(database));
        webhooks.create(EVERY_CHECK, "whsec_every", 10);
        webhooks.create(TWO_CHECKS, "whsec_two", 10);
        webhooks.recordTest("wh_every", "msg_1", "outage.opened", "{}", T0, new Attempt.Delivered(204, 1), 10);
        webhooks.recordTest("wh_two", "msg_2", "probe.down", "{}", T0, new Attempt.Delivered(204, 1), 10);

        assertThat(webhooks.delete("wh_every")).isTrue();
        assertThat(webhooks.find("wh_every")).isEmpty();
        assertThat(webhooks.deliveries("wh_every", 10)).isEmpty();
        assertThat(webhooks.list()).containsExactly(TWO_CHECKS);
        assertThat(webhooks.deliveries("wh_two", 10)).as("another webhook's log stays").hasSize(1);
        assertThat(webhooks.delete("wh_every")).isFalse();
    }
}
