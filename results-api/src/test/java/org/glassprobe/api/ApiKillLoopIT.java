package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glassprobe.api.webhook.Receiver;
import org.glassprobe.scenarios.result.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise behind every 2xx: the API's jar is killed with SIGKILL 30 times at random moments
 * (some during start-up) while a probe posts results and heartbeats, an admin pushes checks and
 * subscribes webhooks, and the site flips between down and up so that outages open and resolve.
 * After the last restart every acknowledged result is stored exactly once, every acknowledged
 * check, webhook and heartbeat is there, every outage the API decided was announced with one
 * webhook id and none was decided twice, and every route answers. The long test of the suite:
 * about three minutes per database.
 */
class ApiKillLoopIT {
    private static final String ADMIN = "kill-loop-admin-token-0123456789";
    private static final String CHECK = "kill-loop";
    private static final int KILLS = 30;
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void every_acknowledgement_survives_30_sigkills_on_h2() throws Exception {
        killLoop(ApiProcess.h2(dir.resolve("data"), ADMIN));
    }

    @Test
    void every_acknowledgement_survives_30_sigkills_on_postgresql() throws Exception {
        Optional<TestPostgres> pg = TestPostgres.create("killloop_");
        assumeTrue(pg.isPresent(), "GLASSPROBE_TEST_POSTGRES_URL is not set: no PostgreSQL to kill the API on");
        try (TestPostgres db = pg.get()) {
            Map<String, String> env = ApiProcess.h2(dir.resolve("data"), ADMIN);
            env.putAll(db.apiEnv());
            killLoop(env);
        }
    }

    private void killLoop(Map<String, String> baseEnv) throws Exception {
        Map<String, String> env = new HashMap<>(baseEnv);
        env.put("GLASSPROBE_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"); // the receiver is on loopback
        env.put("GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "200ms");
        env.put("GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "1s");
        env.put("GLASSPROBE_OUTAGES_EVERY", "1s");
        env.put("GLASSPROBE_ROLLUP_EVERY", "2s");
        try (Receiver receiver = new Receiver(); Client client = new Client()) {
            ApiProcess api = ApiProcess.launch(dir, "run-0", env).awaitListening(READY_WITHIN);
            client.base = api.base();
            client.awaitReady();
            String probe = client.call("POST", "/api/v1/probes", ADMIN,
                    "{\"name\":\"kill-1\",\"region\":\"eu-west\"}", 201).json().get("token").asText();
            // every flip of the site its own outage (no flap control): many incidents to keep across the kills
            client.call("PUT", "/api/v1/checks/" + CHECK, ADMIN, "name: " + CHECK + "\nkind: ping\ninterval: 5s\n"
                    + "timeout: 1s\noutage: {min-open: 0s, reopen-within: 0s}\nhttp: {url: \"http://127.0.0.1:1/\"}\n",
                    201);
            JsonNode hook = client.call("POST", "/api/v1/webhooks", ADMIN, "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"outage.opened\",\"outage.resolved\"],\"checks\":[\"" + CHECK + "\"]}", 201)
                    .json();
            receiver.secret(hook.get("secret").asText());

            Workload work = new Workload(client, probe, receiver.url());
            work.start();
            List<String> killedAt = new ArrayList<>();
            for (int kill = 1; kill <= KILLS; kill++) {
                boolean duringStartUp = kill % 4 == 0;
                if (duringStartUp) {
                    api.kill();
                    client.base = null;
                    api = ApiProcess.launch(dir, "run-" + kill + "-start", env);
                    Thread.sleep(ThreadLocalRandom.current().nextLong(100, 1500));
                    killedAt.add("start-up of run " + kill);
                } else {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(200, 2500));
                    killedAt.add("run " + kill + " after " + client.acknowledged() + " acknowledgements");
                }
                api.kill();
                work.kills.add(System.nanoTime());
                client.base = null;
                api = ApiProcess.launch(dir, "run-" + kill, env).awaitListening(READY_WITHIN);
                client.base = api.base();
            }
            Thread.sleep(1000);
            work.stop();
            api.kill(); // the last kill comes after the last acknowledgement
            api = ApiProcess.launch(dir, "final", env).awaitListening(READY_WITHIN);
            client.base = api.base();
            try {
                client.awaitReady();
                assertThat(work.errors).as("answers that were neither 2xx nor a sign of the kills").isEmpty();
                assertThat(work.ackedResults).as("results acknowledged over %d kills", KILLS).hasSizeGreaterThan(500);
                everyAcknowledgedResultIsStoredOnce(client, work);
                everyAcknowledgedChangeIsKept(client, probe, work);
                everyOutageWasAnnouncedOnceAndDecidedOnce(client, probe, receiver, hook.get("id").asText());
                everyRouteAnswers(client, probe);
                System.out.println("kill loop: " + work.ackedResults.size() + " results acknowledged over " + KILLS
                        + " SIGKILLs, all stored once; " + replays() + " (from the APIs' logs)");
            } catch (AssertionError | Exception e) {
                Path kept = keep(env);
                throw new AssertionError(e + "\nkills: " + killedAt + "\nthe API's data and logs are kept in "
                        + kept + "\nlast API log:\n" + api.err(), e);
            } finally {
                api.close();
            }
        }
    }

    /** What the restarted APIs said of the journal: how many writes H2 had lost and the journal wrote again. */
    private String replays() throws IOException {
        java.util.regex.Pattern replayed = java.util.regex.Pattern.compile("replayed=\"?(\\d+)");
        int starts = 0;
        long records = 0;
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".err"))::iterator) {
                for (String line : java.nio.file.Files.readAllLines(p)) {
                    java.util.regex.Matcher m = replayed.matcher(line);
                    if (line.contains("did not stop cleanly") && m.find()) {
                        starts++;
                        records += Long.parseLong(m.group(1));
                    }
                }
            }
        }
        return starts + " unclean starts replayed " + records + " journal records";
    }

    /** Copies the API's data directory and logs beside the test reports, for a person to look at. */
    private Path keep(Map<String, String> env) throws IOException {
        Path target = Path.of("target", "kill-loop-" + (env.containsKey("GLASSPROBE_DB_URL") ? "postgresql" : "h2")
                + "-failed").toAbsolutePath();
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(dir.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    private static void everyAcknowledgedResultIsStoredOnce(Client client, Workload work) throws Exception {
        Set<String> acked = work.ackedResults;
        List<String> stored = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 1000; page++) {
            JsonNode answer = client.call("GET", "/api/v1/checks/" + CHECK + "/results?limit=1000"
                    + "&from=2000-01-01T00:00:00Z" + (cursor == null ? "" : "&cursor=" + cursor), ADMIN, null, 200)
                    .json();
            answer.get("results").forEach(r -> stored.add(r.get("result").get("id").asText()));
            if (!answer.hasNonNull("nextCursor")) {
                break;
            }
            cursor = answer.get("nextCursor").asText();
        }
        assertThat(new HashSet<>(stored)).as("no result is stored twice").hasSameSizeAs(stored);
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(stored);
        List<String> beforeKill = new ArrayList<>();
        for (String id : lost) {
            long at = work.ackedAt.get(id);
            work.kills.stream().filter(k -> k >= at).findFirst()
                    .ifPresent(k -> beforeKill.add((k - at) / 1_000_000 + " ms"));
        }
        assertThat(lost).as("%d acknowledged results missing after %d SIGKILLs (of %d acknowledged), acknowledged"
                + " this long before a kill: %s", lost.size(), KILLS, acked.size(), beforeKill).isEmpty();
    }

    private static void everyAcknowledgedChangeIsKept(Client client, String probe, Workload work) throws Exception {
        JsonNode checks = client.call("GET", "/api/v1/checks", ADMIN, null, 200).json();
        Set<String> names = new HashSet<>();
        checks.get("checks").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).as("acknowledged checks").containsAll(work.ackedChecks);

        JsonNode hooks = client.call("GET", "/api/v1/webhooks", ADMIN, null, 200).json();
        Set<String> ids = new HashSet<>();
        hooks.get("webhooks").forEach(h -> ids.add(h.get("id").asText()));
        assertThat(ids).as("acknowledged webhook subscriptions").containsAll(work.ackedWebhooks);

        JsonNode probes = client.call("GET", "/api/v1/probes", ADMIN, null, 200).json();
        String version = probes.get("probes").get(0).get("version").asText();
        assertThat(Long.parseLong(version.substring("hb-".length())))
                .as("the stored heartbeat is the last acknowledged one or later").isGreaterThanOrEqualTo(
                        work.lastAckedHeartbeat.get());
    }

    private static void everyOutageWasAnnouncedOnceAndDecidedOnce(Client client, String probe, Receiver receiver,
            String hookId) throws Exception {
        // the site comes back for good: whatever is open resolves, and the outbox empties
        for (int i = 0; i < 240; i++) {
            client.call("POST", "/api/v1/probe/heartbeat", probe, "{\"version\":\"hb-" + Long.MAX_VALUE + "\"}", 200);
            client.call("POST", "/api/v1/probe/results", probe, TestApi.batch(List.of(
                    TestApi.result(CHECK, Instant.now(), true))), 200);
            JsonNode outages = client.call("GET", "/api/v1/outages?check=" + CHECK + "&limit=500", null, null, 200)
                    .json();
            boolean open = false;
            for (JsonNode i2 : outages.get("incidents")) {
                open |= !i2.hasNonNull("resolvedAt");
            }
            JsonNode deliveries = client.call("GET", "/api/v1/webhooks/" + hookId + "/deliveries?limit=1000", ADMIN,
                    null, 200).json();
            boolean pending = false;
            for (JsonNode d : deliveries.get("deliveries")) {
                pending |= d.get("status").asText().equals("pending");
            }
            if (!open && !pending) {
                break;
            }
            Thread.sleep(250);
        }
        JsonNode incidents = client.call("GET", "/api/v1/outages?check=" + CHECK + "&limit=500", null, null, 200)
                .json().get("incidents");
        assertThat(incidents.size()).as("the site went down and up across the kills: outages were decided")
                .isGreaterThanOrEqualTo(3);
        List<JsonNode> byOpening = new ArrayList<>();
        incidents.forEach(byOpening::add);
        byOpening.sort((a, b) -> a.get("openedAt").asText().compareTo(b.get("openedAt").asText()));
        for (int i = 1; i < byOpening.size(); i++) {
            JsonNode before = byOpening.get(i - 1);
            assertThat(before.hasNonNull("resolvedAt")).as("outage %s is still open when %s opens",
                    before.get("id"), byOpening.get(i).get("id")).isTrue();
            assertThat(Instant.parse(before.get("resolvedAt").asText()))
                    .as("outages of one check never overlap (decided twice?)")
                    .isBeforeOrEqualTo(Instant.parse(byOpening.get(i).get("openedAt").asText()));
        }
        Map<String, Set<String>> webhookIds = new LinkedHashMap<>();
        Set<String> announcedIncidents = new HashSet<>();
        for (Receiver.Received r : receiver.received()) {
            assertThat(r.verified()).as("signature of %s", r.id()).isTrue();
            String incident = r.json().get("data").get("incident").get("id").asText();
            announcedIncidents.add(incident);
            webhookIds.computeIfAbsent(incident + " " + r.type(), k -> new HashSet<>()).add(r.id());
        }
        webhookIds.forEach((event, ids) -> assertThat(ids).as("webhook ids of %s", event).hasSize(1));
        for (String incident : announcedIncidents) {
            assertThat(client.call("GET", "/api/v1/outages/" + incident, null, null, -1).status())
                    .as("an announced outage (%s) is kept", incident).isEqualTo(200);
        }
        for (JsonNode incident : byOpening) {
            String id = incident.get("id").asText();
            assertThat(webhookIds).as("outage %s was announced as opened and resolved", id)
                    .containsKeys(id + " outage.opened", id + " outage.resolved");
        }
    }

    private static void everyRouteAnswers(Client client, String probe) throws Exception {
        for (String path : List.of("/healthz", "/readyz", "/", "/status.json", "/checks/" + CHECK,
                "/badge/" + CHECK + ".svg", "/api/v1/outages", "/api/v1/checks/" + CHECK + "/summary?period=24h",
                "/api/v1/checks/" + CHECK + "/series?period=24h&step=5m")) {
            client.call("GET", path, null, null, 200);
        }
        for (String path : List.of("/api/v1/checks", "/api/v1/probes", "/api/v1/webhooks", "/api/v1/maintenance",
                "/metrics", "/api/v1/checks/" + CHECK, "/api/v1/probes/kill-1/events")) {
            client.call("GET", path, ADMIN, null, 200);
        }
        client.call("GET", "/api/v1/probe/checks", probe, null, 200);
        client.call("POST", "/api/v1/probe/heartbeat", probe, "{}", 200);
        client.call("POST", "/api/v1/probe/results", probe, TestApi.batch(List.of(
                TestApi.result(CHECK, Instant.now(), true))), 200);
    }

    /** What the probe and the admin do meanwhile, and what the API acknowledged of it. */
    private static final class Workload {
        final Set<String> ackedResults = ConcurrentHashMap.newKeySet();
        final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        final List<Long> kills = new CopyOnWriteArrayList<>();
        final Set<String> ackedChecks = ConcurrentHashMap.newKeySet();
        final Set<String> ackedWebhooks = ConcurrentHashMap.newKeySet();
        final AtomicLong lastAckedHeartbeat = new AtomicLong(-1);
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final Client client;
        private final String probe;
        private final String receiverUrl;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Workload(Client client, String probe, String receiverUrl) {
            this.client = client;
            this.probe = probe;
            this.receiverUrl = receiverUrl;
        }

        void start() {
            for (int i = 0; i < 2; i++) {
                threads.add(started("kill-loop-results-" + i, this::postResults));
            }
            threads.add(started("kill-loop-heartbeats", this::heartbeats));
            threads.add(started("kill-loop-admin", this::admin));
        }

        private static Thread started(String name, Runnable work) {
            Thread t = new Thread(work, name);
            t.start();
            return t;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(60_000);
            }
        }

        /** The site is down for 4 s, then up for 4 s, and so on. */
        private static boolean siteUp() {
            return (System.currentTimeMillis() / 4000) % 2 == 0;
        }

        private void postResults() {
            while (running.get()) {
                List<CheckResult> batch = new ArrayList<>();
                boolean up = siteUp();
                for (int i = 0; i < 10; i++) {
                    batch.add(TestApi.result(CHECK, Instant.now(), up));
                }
                // like the probe's spool: the same batch again until it is acknowledged
                if (deliver("/api/v1/probe/results", probe, TestApi.batch(batch))) {
                    long at = System.nanoTime();
                    batch.forEach(r -> ackedAt.put(r.id().toString(), at));
                    batch.forEach(r -> ackedResults.add(r.id().toString()));
                }
            }
        }

        private void heartbeats() {
            long n = 0;
            while (running.get()) {
                n++;
                if (deliver("/api/v1/probe/heartbeat", probe, "{\"version\":\"hb-" + n + "\"}")) {
                    lastAckedHeartbeat.set(n);
                }
                pause(150);
            }
        }

        private void admin() {
            int n = 0;
            while (running.get()) {
                n++;
                if (n % 4 == 0 && ackedWebhooks.size() < 40) {
                    String id = deliverForId("/api/v1/webhooks", "{\"url\":\"" + receiverUrl
                            + "\",\"events\":[\"probe.down\"],\"description\":\"kill loop " + n + "\"}");
                    if (id != null) {
                        ackedWebhooks.add(id);
                    }
                } else {
                    String name = "acked-" + n;
                    if (client.tryCall("PUT", "/api/v1/checks/" + name, ADMIN, "name: " + name + "\nkind: ping\n"
                            + "regions: [elsewhere]\nhttp: {url: \"http://127.0.0.1:1/\"}\n", this::unexpected)
                            .filter(a -> a.status() == 201).isPresent()) {
                        ackedChecks.add(name);
                    }
                }
                pause(300);
            }
        }

        /** Sends until acknowledged (true) or the workload stops (false). */
        private boolean deliver(String path, String token, String body) {
            while (running.get()) {
                Optional<Answer> a = client.tryCall("POST", path, token, body, this::unexpected);
                if (a.isPresent() && a.get().status() == 200) {
                    return true;
                }
                pause(50);
            }
            return false;
        }

        private String deliverForId(String path, String body) {
            Optional<Answer> a = client.tryCall("POST", path, ADMIN, body, this::unexpected);
            return a.isPresent() && a.get().status() == 201 ? a.get().json().get("id").asText() : null;
        }

        private void unexpected(Answer a) {
            // 503 is the API saying its database cannot take it now; anything else is a bug
            if (a.status() != 503 && (a.status() < 200 || a.status() >= 300)) {
                errors.add(a.status() + " " + a.body());
            }
        }

        private void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
    }

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return TestApi.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** A client that follows the API across restarts: calls fail fast while it is down. */
    private static final class Client implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final AtomicInteger acknowledged = new AtomicInteger();
        volatile String base;

        int acknowledged() {
            return acknowledged.get();
        }

        void awaitReady() throws Exception {
            for (int i = 0; i < 600; i++) {
                Optional<Answer> a = tryCall("GET", "/readyz", null, null, x -> { });
                if (a.isPresent() && a.get().status() == 200) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the API did not become ready within 60 s");
        }

        /** One call that must answer {@code expected} (any status with -1) within the call timeout. */
        Answer call(String method, String path, String token, String body, int expected) throws Exception {
            HttpResponse<String> r = http.send(request(base, method, path, token, body),
                    HttpResponse.BodyHandlers.ofString());
            if (expected != -1) {
                assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
            }
            return new Answer(r.statusCode(), r.body());
        }

        /** One call; empty when the API is down or the call fails on the way (the kills). */
        Optional<Answer> tryCall(String method, String path, String token, String body,
                java.util.function.Consumer<Answer> onAnswer) {
            String at = base;
            if (at == null) {
                return Optional.empty();
            }
            try {
                HttpResponse<String> r = http.send(request(at, method, path, token, body),
                        HttpResponse.BodyHandlers.ofString());
                Answer a = new Answer(r.statusCode(), r.body());
                if (r.statusCode() >= 200 && r.statusCode() < 300) {
                    acknowledged.incrementAndGet();
                }
                onAnswer.accept(a);
                return Optional.of(a);
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        private static HttpRequest request(String base, String method, String path, String token, String body) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                b.header("Content-Type", body.startsWith("{") ? "application/json" : "application/yaml");
            }
            return b.build();
        }

        @Override
        public void close() {
            base = null;
        }
    }
}
