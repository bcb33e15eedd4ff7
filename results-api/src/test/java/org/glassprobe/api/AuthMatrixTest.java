package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route against every kind of caller: no token, a wrong token, a probe's token, the admin
 * token; and one probe trying to act as another.
 */
class AuthMatrixTest {
    @TempDir
    static Path dir;
    static TestApi api;
    static String probeToken;
    static String otherProbeToken;
    static String webhook;
    static String window;

    enum Needs { PUBLIC, PROBE, ADMIN }

    record Route(String method, String path, Needs needs, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() {
        api = new TestApi(dir, java.util.Map.of("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        probeToken = api.enrol("eu-1", "eu-west");
        otherProbeToken = api.enrol("us-1", "us-east");
        api.enrol("victim", "eu-west");
        api.pushPing("eu-only", "eu-west");
        api.pushPing("us-only", "us-east");
        api.pushPing("to-delete");
        webhook = api.post("/api/v1/webhooks", ADMIN, HOOK).json().get("id").asText();
        window = api.post("/api/v1/maintenance", ADMIN, "{\"cron\":\"0 0 3 ? * SUN\",\"duration\":\"1h\"}").json()
                .get("id").asText();
    }

    private static final String HOOK = "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"outage.opened\"]}";

    @AfterAll
    static void stop() {
        api.close();
    }

    static Stream<Route> routes() {
        String result = TestApi.batch(List.of(TestApi.result("eu-only", Instant.parse("2026-03-02T10:00:00Z"), true)));
        return Stream.of(
                new Route("GET", "/healthz", Needs.PUBLIC, null),
                new Route("GET", "/readyz", Needs.PUBLIC, null),
                new Route("GET", "/api/v1/checks/eu-only/summary?period=24h", Needs.PUBLIC, null),
                new Route("GET", "/api/v1/checks/eu-only/series?period=7d&step=1d", Needs.PUBLIC, null),
                new Route("GET", "/api/v1/checks/eu-only/propagation", Needs.PUBLIC, null),
                new Route("GET", "/api/v1/checks/eu-only/confirmations", Needs.PUBLIC, null),
                new Route("GET", "/", Needs.PUBLIC, null),
                new Route("GET", "/checks/eu-only", Needs.PUBLIC, null),
                new Route("GET", "/status.json", Needs.PUBLIC, null),
                new Route("GET", "/badge/eu-only.svg?type=uptime&window=7d", Needs.PUBLIC, null),
                new Route("GET", "/page/assets/page.js", Needs.PUBLIC, null),
                new Route("POST", "/api/v1/probe/heartbeat", Needs.PROBE, "{\"version\":\"t\"}"),
                new Route("GET", "/api/v1/probe/checks", Needs.PROBE, null),
                new Route("GET", "/api/v1/probe/journeys/eu-only", Needs.PROBE, null),
                new Route("GET", "/api/v1/probe/commands", Needs.PROBE, null),
                new Route("POST", "/api/v1/probe/results", Needs.PROBE, result),
                new Route("GET", "/metrics", Needs.ADMIN, null),
                new Route("POST", "/api/v1/probes", Needs.ADMIN, "{\"name\":\"new-one\",\"region\":\"eu-west\"}"),
                new Route("GET", "/api/v1/probes", Needs.ADMIN, null),
                new Route("GET", "/api/v1/probes/victim/events", Needs.ADMIN, null),
                new Route("POST", "/api/v1/probes/victim/token", Needs.ADMIN, ""),
                new Route("GET", "/api/v1/checks", Needs.ADMIN, null),
                new Route("GET", "/api/v1/checks/eu-only", Needs.ADMIN, null),
                new Route("PUT", "/api/v1/checks/eu-only", Needs.ADMIN,
                        "name: eu-only\nkind: ping\nregions: [eu-west]\nhttp: {url: \"http://127.0.0.1:2/\"}\n"),
                new Route("GET", "/api/v1/checks/eu-only/results", Needs.ADMIN, null),
                new Route("DELETE", "/api/v1/checks/to-delete", Needs.ADMIN, null),
                new Route("POST", "/api/v1/webhooks", Needs.ADMIN, HOOK),
                new Route("GET", "/api/v1/webhooks", Needs.ADMIN, null),
                new Route("GET", "/api/v1/webhooks/" + webhook, Needs.ADMIN, null),
                new Route("GET", "/api/v1/webhooks/" + webhook + "/deliveries", Needs.ADMIN, null),
                new Route("POST", "/api/v1/webhooks/" + webhook + "/test", Needs.ADMIN, ""),
                new Route("GET", "/api/v1/outages", Needs.PUBLIC, null),
                new Route("GET", "/api/v1/openapi.json", Needs.PUBLIC, null),
                new Route("POST", "/api/v1/maintenance", Needs.ADMIN,
                        "{\"cron\":\"0 0 2 ? * SUN\",\"duration\":\"1h\"}"),
                new Route("GET", "/api/v1/maintenance", Needs.ADMIN, null),
                new Route("DELETE", "/api/v1/maintenance/" + window, Needs.ADMIN, null),
                new Route("DELETE", "/api/v1/probes/victim", Needs.ADMIN, null));
    }

    private static TestApi.Answer call(Route r, String token) {
        byte[] body = r.body() == null ? null : r.body().getBytes(StandardCharsets.UTF_8);
        String type = r.body() == null ? null : r.method().equals("PUT") ? "application/yaml" : "application/json";
        return api.send(r.method(), r.path(), token, body, type, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void every_route_checks_its_caller(Route route) {
        TestApi.Answer none = call(route, null);
        TestApi.Answer wrong = call(route, "gpp_not-a-token-at-all-00000000000000");
        TestApi.Answer probe = call(route, probeToken);
        switch (route.needs()) {
            case PUBLIC -> {
                assertThat(none.status()).as("no token: " + none.body()).isBetween(200, 299);
                assertThat(wrong.status()).as("wrong token: " + wrong.body()).isEqualTo(401);
                assertThat(probe.status()).as("probe token: " + probe.body()).isBetween(200, 299);
            }
            case PROBE -> {
                assertThat(none.status()).as("no token: " + none.body()).isEqualTo(401);
                assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(wrong.status()).as("wrong token: " + wrong.body()).isEqualTo(401);
                TestApi.Answer admin = call(route, ADMIN);
                assertThat(admin.status()).as("admin token on a probe route: " + admin.body()).isEqualTo(403);
                assertThat(probe.status()).as("probe token: " + probe.body()).isBetween(200, 299);
            }
            case ADMIN -> {
                assertThat(none.status()).as("no token: " + none.body()).isEqualTo(401);
                assertThat(wrong.status()).as("wrong token: " + wrong.body()).isEqualTo(401);
                assertThat(probe.status()).as("probe token on an admin route: " + probe.body()).isEqualTo(403);
                assertThat(probe.json().get("error").asText()).contains("admin token");
            }
        }
        for (TestApi.Answer refused : List.of(none, wrong, probe)) {
            if (refused.status() == 401 || refused.status() == 403) {
                assertThat(refused.json().get("error").asText()).isNotBlank();
            }
        }
        if (route.needs() != Needs.PROBE) {
            TestApi.Answer admin = call(route, ADMIN);
            assertThat(admin.status()).as("admin token: " + admin.body()).isBetween(200, 299);
        }
    }

    static Stream<Route> readRoutes() {
        return routes().filter(r -> r.method().equals("GET"));
    }

    /** Headers whose value may change between two calls in a row; only their presence is compared. */
    private static final java.util.Set<String> VOLATILE = java.util.Set.of("date", "content-length");

    @ParameterizedTest(name = "{0}")
    @MethodSource("readRoutes")
    void head_answers_every_read_route_as_get_does_without_a_body(Route route) {
        for (String token : java.util.Arrays.asList(null, ADMIN, probeToken)) {
            String who = token == null ? "no token" : token.equals(ADMIN) ? "admin" : "probe";
            TestApi.Answer get = call(route, token);
            TestApi.Answer head = call(new Route("HEAD", route.path(), route.needs(), null), token);
            int expected = switch (route.needs()) {
                case PUBLIC -> 200;
                case PROBE -> token == null ? 401 : token.equals(ADMIN) ? 403 : 200;
                case ADMIN -> token == null ? 401 : token.equals(ADMIN) ? 200 : 403;
            };
            assertThat(get.status()).as("GET, " + who + ": " + get.body()).isEqualTo(expected);
            assertThat(head.status()).as("HEAD, " + who).isEqualTo(expected);
            assertThat(head.body()).as("HEAD, " + who).isEmpty();
            assertThat(comparable(head.headers())).as("HEAD's headers, " + who).isEqualTo(comparable(get.headers()));
        }
    }

    private static Map<String, List<String>> comparable(Map<String, List<String>> headers) {
        Map<String, List<String>> kept = new java.util.TreeMap<>();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(java.util.Locale.ROOT);
            if (!key.equals(":status")) {
                kept.put(key, VOLATILE.contains(key) ? List.of("(varies)") : values);
            }
        });
        return kept;
    }

    /** A row of the access table in docs/api.md: a method, a path template, who may call it. */
    record Documented(String method, String template, Needs needs) {
        boolean matches(Route r) {
            String path = r.path().contains("?") ? r.path().substring(0, r.path().indexOf('?')) : r.path();
            String regex = java.util.Arrays.stream(template.split("\\{[^}/]+}", -1)).map(java.util.regex.Pattern::quote)
                    .collect(java.util.stream.Collectors.joining("[^/]+"));
            return method.equals(r.method()) && path.matches(regex);
        }
    }

    /** The table "| route | who |" in docs/api.md; "admin (public with ...)" is admin. */
    static List<Documented> documentedAccess() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(Path.of("..", "docs", "api.md"));
        int start = lines.indexOf("| route | who |");
        assertThat(start).as("docs/api.md has the table '| route | who |'").isNotNegative();
        java.util.regex.Pattern route = java.util.regex.Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) (/[^`]*)`");
        List<Documented> rows = new java.util.ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            Needs needs = Needs.valueOf(cells[2].strip().split(" ")[0].toUpperCase(java.util.Locale.ROOT));
            java.util.regex.Matcher m = route.matcher(cells[1]);
            while (m.find()) {
                rows.add(new Documented(m.group(1), m.group(2), needs));
            }
        }
        return rows;
    }

    @Test
    void the_routes_walked_are_the_documented_access_table() throws java.io.IOException {
        List<Documented> table = documentedAccess();
        List<Route> walked = routes().toList();
        for (Route r : walked) {
            assertThat(table.stream().filter(d -> d.matches(r)).map(Documented::needs).toList())
                    .as("docs/api.md's access table for " + r).containsExactly(r.needs());
        }
        List<Documented> notWalked = table.stream().filter(d -> walked.stream().noneMatch(d::matches)).toList();
        assertThat(notWalked).as("documented routes this test does not walk")
                .extracting(d -> d.method() + " " + d.template())
                .containsExactlyInAnyOrderElementsOf(NOT_WALKED);
    }

    /** Documented routes the walk leaves out, each with why. */
    private static final List<String> NOT_WALKED = List.of(
            "GET /api/v1/outages/{id}", // needs an incident; ApiKillLoopIT reads one without a token
            "DELETE /api/v1/webhooks/{id}"); // would delete the webhook the other routes use

    @Test
    void refused_writes_change_nothing() {
        api.send("DELETE", "/api/v1/checks/eu-only", probeToken, null, null, Map.of());
        api.send("DELETE", "/api/v1/checks/eu-only", null, null, null, Map.of());
        assertThat(api.get("/api/v1/checks/eu-only", ADMIN).status()).isEqualTo(200);
        api.post("/api/v1/probes", probeToken, "{\"name\":\"sneaky\",\"region\":\"eu-west\"}");
        assertThat(api.get("/api/v1/probes", ADMIN).body()).doesNotContain("sneaky");
    }

    @Test
    void a_probe_cannot_post_a_heartbeat_as_another_probe() {
        TestApi.Answer a = api.post("/api/v1/probe/heartbeat", probeToken, "{\"probe\":\"us-1\",\"version\":\"x\"}");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().get("error").asText()).contains("us-1").contains("eu-1");
        TestApi.Answer region = api.post("/api/v1/probe/heartbeat", probeToken, "{\"region\":\"us-east\"}");
        assertThat(region.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/probes", ADMIN).json().get("probes").findValues("version").toString())
                .doesNotContain("\"x\"");
    }

    @Test
    void a_probe_cannot_post_results_as_another_probe_or_for_another_region() {
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        long before = api.storedResults("us-only");
        String asOther = "{\"probe\":\"us-1\",\"region\":\"us-east\",\"results\":["
                + org.glassprobe.scenarios.result.ResultJson.toJson(TestApi.result("us-only", t, true)) + "]}";
        TestApi.Answer a = api.post("/api/v1/probe/results", probeToken, asOther);
        assertThat(a.status()).as(a.body()).isEqualTo(403);
        TestApi.Answer b = api.postResults(probeToken, List.of(TestApi.result("us-only", t, true)));
        assertThat(b.status()).as(b.body()).isEqualTo(422);
        assertThat(b.json().get("problems").get(0).get("message").asText())
                .contains("not assigned to region 'eu-west'");
        assertThat(api.storedResults("us-only")).isEqualTo(before);
        TestApi.Answer own = api.postResults(otherProbeToken, List.of(TestApi.result("us-only", t, true)));
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(api.storedResults("us-only")).isEqualTo(before + 1);
    }

    @Test
    void a_probe_reads_only_its_own_regions_checks() {
        String eu = api.get("/api/v1/probe/checks", probeToken).body();
        String us = api.get("/api/v1/probe/checks", otherProbeToken).body();
        assertThat(eu).contains("eu-only").doesNotContain("us-only");
        assertThat(us).contains("us-only").doesNotContain("eu-only");
    }
}
