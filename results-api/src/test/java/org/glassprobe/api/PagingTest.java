package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every list that can grow is paged one way (docs/api.md, Conventions): {@code ?limit&cursor},
 * {@code nextCursor} present on every page and null on the last, each item seen exactly once, and
 * a bad limit or cursor refused with a 400 naming it.
 */
class PagingTest {
    @TempDir
    Path dir;
    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
                "GLASSPROBE_WEBHOOKS_TIMEOUT", "1s"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A list route, the field that holds its items, and what tells two items apart. */
    record Listed(String path, String field, Function<JsonNode, String> id) {}

    /** Walks the list page by page; returns every item's id in the order seen. */
    private List<String> walk(Listed list, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            String sep = list.path().contains("?") ? "&" : "?";
            TestApi.Answer a = api.get(list.path() + sep + "limit=" + limit + (cursor == null ? "" : "&cursor="
                    + cursor), TestApi.ADMIN);
            assertThat(a.status()).as(list.path() + ": " + a.body()).isEqualTo(200);
            JsonNode json = a.json();
            assertThat(json.has("nextCursor")).as(list.path() + " says nextCursor on every page: " + a.body()).isTrue();
            JsonNode items = json.get(list.field());
            assertThat(items.size()).as(list.path()).isLessThanOrEqualTo(limit);
            items.forEach(i -> seen.add(list.id().apply(i)));
            if (json.get("nextCursor").isNull()) {
                assertThat(items.size()).as(list.path() + ": a page before the last is never empty").isPositive();
                return seen;
            }
            assertThat(items.size()).as(list.path() + ": a page with a next one is full").isEqualTo(limit);
            cursor = json.get("nextCursor").asText();
        }
        throw new AssertionError(list.path() + " did not end within 100 pages");
    }

    private void assertPaged(Listed list, int expected) {
        List<String> whole = walk(list, 1000);
        assertThat(whole).as(list.path()).hasSize(expected).doesNotHaveDuplicates();
        for (int limit : new int[] {1, 2, expected}) {
            assertThat(walk(list, limit)).as(list.path() + " with limit " + limit).containsExactlyElementsOf(whole);
        }
        String sep = list.path().contains("?") ? "&" : "?";
        for (String bad : List.of("limit=0", "limit=1001", "limit=ten")) {
            TestApi.Answer a = api.get(list.path() + sep + bad, TestApi.ADMIN);
            assertThat(a.status()).as(list.path() + sep + bad).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(list.path()).contains("limit").contains("1 to");
        }
        for (String bad : List.of("cursor=%25%25", "cursor=bm90LWEtY3Vyc29y", "cursor=")) {
            TestApi.Answer a = api.get(list.path() + sep + bad, TestApi.ADMIN);
            assertThat(a.status()).as(list.path() + sep + bad + ": " + a.body()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).as(list.path()).contains("cursor").contains("nextCursor");
        }
    }

    @Test
    void every_list_that_can_grow_walks_through_pages_each_item_once() {
        String token = api.enrol("p-eu", "eu-west");
        api.enrol("p-us", "us-east");
        api.enrol("p-ap", "ap-south");
        // events of a probe: up, late, down, up
        api.post("/api/v1/probe/heartbeat", token, "{}");
        for (int s = 0; s < 120; s += 5) {
            api.clock.advance(Duration.ofSeconds(5));
            api.api.liveness().evaluate();
        }
        api.post("/api/v1/probe/heartbeat", token, "{}");
        for (String check : List.of("c1", "c2", "c3", "c4", "c5")) {
            api.putYaml(check, "name: " + check + "\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                    + "regions: [eu-west]\noutage: {failures: 1}\nhttp: {url: \"http://127.0.0.1:1/health\"}\n");
        }
        // five results of c1 at the same instant (the tie-break keeps them apart), three outages
        Instant now = api.clock.instant();
        for (int i = 0; i < 5; i++) {
            assertThat(api.postResults(token, List.of(TestApi.result("c1", now, false))).status()).isEqualTo(200);
        }
        for (String check : List.of("c2", "c3")) {
            assertThat(api.postResults(token, List.of(TestApi.result(check, now, false))).status()).isEqualTo(200);
        }
        String webhook = null;
        for (int i = 0; i < 3; i++) {
            TestApi.Answer w = api.post("/api/v1/webhooks", TestApi.ADMIN, "{\"url\":\"http://127.0.0.1:1/h" + i
                    + "\",\"events\":[\"outage.opened\"]}");
            assertThat(w.status()).as(w.body()).isEqualTo(201);
            webhook = w.json().get("id").asText();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/webhooks/" + webhook + "/test", TestApi.ADMIN, "").status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            TestApi.Answer m = api.post("/api/v1/maintenance", TestApi.ADMIN, "{\"check\":\"c5\",\"startsAt\":"
                    + "\"2027-01-0" + (i + 1) + "T00:00:00Z\",\"endsAt\":\"2027-01-0" + (i + 1) + "T01:00:00Z\"}");
            assertThat(m.status()).as(m.body()).isEqualTo(201);
        }

        assertPaged(new Listed("/api/v1/checks", "checks", i -> i.get("name").asText()), 5);
        assertPaged(new Listed("/api/v1/probes", "probes", i -> i.get("name").asText()), 3);
        assertPaged(new Listed("/api/v1/probes/p-eu/events", "events", i -> i.get("at").asText() + " "
                + i.get("to").asText()), 4);
        assertPaged(new Listed("/api/v1/checks/c1/results", "results", i -> i.at("/result/id").asText()), 5);
        assertPaged(new Listed("/api/v1/outages?kind=all", "incidents", i -> i.get("id").asText()), 3);
        assertPaged(new Listed("/api/v1/webhooks", "webhooks", i -> i.get("id").asText()), 3);
        assertPaged(new Listed("/api/v1/webhooks/" + webhook + "/deliveries", "deliveries",
                i -> i.get("id").asText()), 3);
        assertPaged(new Listed("/api/v1/maintenance", "windows", i -> i.get("id").asText()), 3);
    }
}
