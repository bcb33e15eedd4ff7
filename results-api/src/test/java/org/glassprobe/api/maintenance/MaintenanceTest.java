package org.glassprobe.api.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.webhook.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance windows through the real API, with a real webhook receiver on loopback. */
class MaintenanceTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

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
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.close();
    }

    private void network() {
        TestApi.Answer a = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"" + receiver.url() + "\","
                + "\"events\":[\"outage.opened\",\"outage.resolved\",\"regional.failure\"]}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        receiver.secret(a.json().get("secret").asText());
        tokens.putAll(api.enrolBeating(REGIONS));
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "outage: {recovery: 1}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n").status()).isBetween(200, 201);
    }

    private void round(String... failing) {
        Instant now = api.clock.instant();
        for (String region : REGIONS) {
            boolean ok = !List.of(failing).contains(region);
            assertThat(api.postResults(tokens.get(region), List.of(TestApi.result("site", now, ok))).status())
                    .isEqualTo(200);
        }
    }

    private String state() {
        return api.get("/api/v1/outages?check=site", null).json().get("checks").get(0).get("state").asText();
    }

    @Test
    void time_inside_a_window_is_kept_but_not_counted_as_downtime() {
        network();
        round();
        Instant start = api.clock.instant().plusSeconds(5);
        assertThat(api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"check\":\"site\",\"startsAt\":\"" + start
                + "\",\"endsAt\":\"" + start.plusSeconds(60) + "\",\"reason\":\"migration\"}").status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            api.clock.advance(Duration.ofSeconds(10));
            round("eu-west", "us-east", "ap-south");
        }
        api.clock.advance(Duration.ofSeconds(60));
        round();

        api.clock.advance(Duration.ofSeconds(1)); // a summary ends before now
        assertThat(api.storedResults("site")).as("every result is kept and listed").isEqualTo(15);
        for (int pass = 0; pass < 2; pass++) {
            TestApi.Answer summary = api.get("/api/v1/checks/site/summary?period=24h", null);
            assertThat(summary.status()).as(summary.body()).isEqualTo(200);
            assertThat(summary.json().get("overall").get("runs").asLong()).as("runs outside the window")
                    .isEqualTo(6);
            assertThat(summary.json().get("overall").get("failures").asLong()).isZero();
            api.api.rollups().runOnce(); // the same from the roll-ups
        }
    }

    @Test
    void inside_a_window_a_down_site_is_in_maintenance_and_nothing_is_announced_after_it_the_outage_is() {
        network();
        round();
        Instant now = api.clock.instant();
        TestApi.Answer w = api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"check\":\"site\",\"startsAt\":\""
                + now + "\",\"endsAt\":\"" + now.plusSeconds(60) + "\",\"reason\":\"deploy\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(201);
        assertThat(w.json().get("id").asText()).startsWith("mw_");
        assertThat(state()).isEqualTo("maintenance");

        for (int i = 0; i < 3; i++) {
            api.clock.advance(Duration.ofSeconds(10));
            round("eu-west", "us-east", "ap-south");
        }
        api.api.outages().decideAll();
        assertThat(state()).isEqualTo("maintenance");
        assertThat(api.get("/api/v1/outages?check=site", null).json().get("incidents")).isEmpty();

        api.clock.advance(Duration.ofSeconds(40));
        round("eu-west", "us-east", "ap-south");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.accepted().get(0).type()).isEqualTo("outage.opened");
        assertThat(receiver.accepted().get(0).verified()).isTrue();
        assertThat(state()).isEqualTo("outage");
        assertThat(receiver.received()).as("nothing was sent for the time inside the window").hasSize(1);
    }

    @Test
    void a_site_that_recovered_just_before_a_window_ended_is_not_paged_when_it_ends() {
        network();
        round();
        Instant start = api.clock.instant();
        assertThat(api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"check\":\"site\",\"startsAt\":\"" + start
                + "\",\"endsAt\":\"" + start.plusSeconds(60) + "\",\"reason\":\"deploy\"}").status()).isEqualTo(201);
        for (int i = 0; i < 5; i++) { // down everywhere inside the window
            api.clock.advance(Duration.ofSeconds(10));
            round("eu-west", "us-east", "ap-south");
        }
        // back up 2 s before the end: one region has run since, the others' latest runs are the
        // failed ones from inside the window
        api.clock.advance(Duration.ofSeconds(8));
        assertThat(api.postResults(tokens.get("eu-west"), List.of(TestApi.result("site", api.clock.instant(), true)))
                .status()).isEqualTo(200);
        api.clock.advance(Duration.ofSeconds(3)); // the window has ended
        api.api.outages().decideAll();
        assertThat(api.get("/api/v1/outages?check=site", null).json().get("incidents"))
                .as("nothing decided from runs taken inside the window").isEmpty();
        api.clock.advance(Duration.ofSeconds(7));
        round();
        api.api.outages().decideAll();
        assertThat(state()).isEqualTo("operational");
        assertThat(api.get("/api/v1/outages?check=site&kind=all", null).json().get("incidents")).isEmpty();
        assertThat(receiver.received()).as("no page, no all-clear: nothing happened outside the window").isEmpty();
    }

    @Test
    void a_recurring_window_created_after_a_real_outage_today_leaves_it_on_the_record() {
        network();
        round();
        for (int i = 0; i < 3; i++) {
            api.clock.advance(Duration.ofSeconds(10));
            round("eu-west", "us-east", "ap-south");
        }
        api.api.outages().decideAll();
        assertThat(state()).isEqualTo("outage");
        api.clock.advance(Duration.ofSeconds(10));
        // every day, all day: in force from now on, not over the morning that already happened
        TestApi.Answer w = api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"check\":\"site\","
                + "\"cron\":\"0 0 0 * * ?\",\"duration\":\"24h\",\"reason\":\"daily\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(201);
        assertThat(state()).as("in force now").isEqualTo("maintenance");
        assertThat(api.get("/api/v1/outages?check=site", null).json().get("incidents")).as("the outage stays")
                .hasSize(1);

        String html = api.get("/checks/site", null).body(); // the days' tooltips are on the check's page
        int card = html.indexOf("data-check=\"site\"");
        String bars = html.substring(card, html.indexOf("</svg>", html.indexOf("class=\"bars", card)));
        String today = bars.substring(bars.lastIndexOf("<rect"));
        assertThat(today).as("today's bar shows the measured failures").contains("data-band=\"major\"")
                .contains("maintenance window");
        String yesterday = bars.substring(bars.lastIndexOf("<rect", bars.lastIndexOf("<rect") - 1),
                bars.lastIndexOf("<rect"));
        assertThat(yesterday).as("the days before the window are not repainted").contains("data-band=\"none\"")
                .doesNotContain("maintenance");
    }

    @Test
    void a_window_for_every_check_is_listed_and_deleted() {
        network();
        TestApi.Answer w = api.post("/api/v1/maintenance", TestApi.ADMIN,
                "{\"cron\":\"0 0 2 ? * SUN\",\"duration\":\"2h\",\"timeZone\":\"Europe/Berlin\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(201);
        assertThat(w.json().hasNonNull("check")).as("every check").isFalse();
        assertThat(api.get("/api/v1/maintenance", TestApi.ADMIN).json().get("windows")).hasSize(1);
        String id = w.json().get("id").asText();
        assertThat(api.delete("/api/v1/maintenance/" + id, TestApi.ADMIN).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/maintenance/" + id, TestApi.ADMIN).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/maintenance", TestApi.ADMIN).json().get("windows")).isEmpty();
    }

    @Test
    void bad_windows_are_refused_with_what_is_wrong_and_nothing_is_stored() {
        network();
        record Case(String body, String says) {}
        for (Case c : List.of(
                new Case("[]", "JSON object"),
                new Case("{\"startsAt\":\"2026-03-02T10:00:00Z\"}", "needs startsAt and endsAt"),
                new Case("{\"startsAt\":\"2026-03-02T11:00:00Z\",\"endsAt\":\"2026-03-02T10:00:00Z\"}",
                        "must be after startsAt"),
                new Case("{\"startsAt\":\"tomorrow\",\"endsAt\":\"2026-03-02T10:00:00Z\"}", "not an instant"),
                new Case("{\"check\":\"nope\",\"startsAt\":\"2026-03-02T10:00:00Z\",\"endsAt\":\"2026-03-02T11:00:00Z\"}",
                        "no check named 'nope'"),
                new Case("{\"cron\":\"every sunday\",\"duration\":\"1h\"}", "not a Quartz cron expression"),
                new Case("{\"cron\":\"0 0 2 ? * SUN\"}", "needs duration"),
                new Case("{\"cron\":\"0 0 2 ? * SUN\",\"duration\":\"90\"}", "not a duration"),
                new Case("{\"cron\":\"0 0 2 ? * SUN\",\"duration\":\"1h\",\"timeZone\":\"Mars/Base\"}", "not a time zone"),
                new Case("{\"duration\":\"1h\",\"startsAt\":\"2026-03-02T10:00:00Z\",\"endsAt\":\"2026-03-02T11:00:00Z\"}",
                        "belong to a recurring window"),
                new Case("{\"startsAt\":\"2026-03-02T10:00:00Z\",\"endsAt\":\"2026-03-02T11:00:00Z\",\"colour\":1}",
                        "unknown field 'colour'"))) {
            TestApi.Answer a = api.post("/api/v1/maintenance", TestApi.ADMIN, c.body());
            assertThat(a.status()).as(c.body() + " -> " + a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(c.body()).contains(c.says());
        }
        assertThat(api.get("/api/v1/maintenance", TestApi.ADMIN).json().get("windows")).isEmpty();
    }

    @Test
    void a_recurring_window_covers_each_occurrence_in_its_time_zone_and_its_check_only() {
        MaintenanceWindow sundays = new MaintenanceWindow("mw_1", "site", null, null, "0 0 2 ? * SUN",
                Duration.ofHours(2), ZoneId.of("Europe/Berlin"), null, Instant.EPOCH);
        // 2026-03-01 is a Sunday; 02:00 in Berlin (winter) is 01:00 UTC
        assertThat(sundays.covers("site", Instant.parse("2026-03-01T00:59:59Z"))).isFalse();
        assertThat(sundays.covers("site", Instant.parse("2026-03-01T01:00:00Z"))).isTrue();
        assertThat(sundays.covers("site", Instant.parse("2026-03-01T02:59:59Z"))).isTrue();
        assertThat(sundays.covers("site", Instant.parse("2026-03-01T03:00:00Z"))).isFalse();
        assertThat(sundays.covers("other", Instant.parse("2026-03-01T01:30:00Z"))).isFalse();
        assertThat(sundays.covers("site", Instant.parse("2026-03-02T01:30:00Z"))).as("a Monday").isFalse();
        MaintenanceWindow bounded = new MaintenanceWindow("mw_2", null, Instant.parse("2026-03-05T00:00:00Z"), null,
                "0 0 2 ? * SUN", Duration.ofHours(2), ZoneId.of("Europe/Berlin"), null, Instant.EPOCH);
        assertThat(bounded.covers("any", Instant.parse("2026-03-01T01:30:00Z"))).as("before its start").isFalse();
        assertThat(bounded.covers("any", Instant.parse("2026-03-08T01:30:00Z"))).isTrue();
    }
}
