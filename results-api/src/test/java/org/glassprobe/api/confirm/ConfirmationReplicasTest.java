package org.glassprobe.api.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two results API replicas on one PostgreSQL, as behind a load balancer: a confirmation round
 * decided on the replica that took the failing result reaches a probe whose command request waits
 * on the other one, within the replicas' 100 ms look at the database.
 */
class ConfirmationReplicasTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    private TestPostgres pg;
    private TestApi a;
    private TestApi b;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        pg = TestPostgres.create("gp_confirm_").orElse(null);
        Assumptions.assumeTrue(pg != null,
                "GLASSPROBE_TEST_POSTGRES_URL is not set: replicas run on PostgreSQL (see .ci/run)");
        Map<String, String> env = new HashMap<>(pg.apiEnv());
        env.put("GLASSPROBE_OUTAGES_CONFIRM_MAX_RUNS_PER_MINUTE", "60");
        a = new TestApi(dirA, env);
        b = new TestApi(dirB, env);
        for (String region : REGIONS) {
            String token = a.enrol("p-" + region, region);
            tokens.put(region, token);
            assertThat(b.post("/api/v1/probe/heartbeat", token, "{}").status()).isEqualTo(200);
        }
        assertThat(a.putYaml("site", "name: site\nkind: ping\ninterval: 30s\ntimeout: 2s\nretries: 0\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void a_round_decided_on_one_replica_reaches_a_probe_waiting_on_the_other() throws Exception {
        for (String region : REGIONS) {
            assertThat(a.postResults(tokens.get(region), List.of(TestApi.result("site", a.clock.instant(), true)))
                    .status()).isEqualTo(200);
        }
        a.clock.advance(Duration.ofSeconds(30));
        b.clock.advance(Duration.ofSeconds(30));
        CompletableFuture<JsonNode> onB = CompletableFuture.supplyAsync(() ->
                b.get("/api/v1/probe/commands?wait=20s", tokens.get("us-east")).json());
        CompletableFuture<JsonNode> onA = CompletableFuture.supplyAsync(() ->
                a.get("/api/v1/probe/commands?wait=20s", tokens.get("eu-west")).json());
        Thread.sleep(500);
        assertThat(onB).isNotDone();

        long posted = System.nanoTime();
        assertThat(a.postResults(tokens.get("ap-south"), List.of(TestApi.result("site", a.clock.instant(), false)))
                .status()).isEqualTo(200);
        JsonNode heardOnB = onB.get(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - posted) / 1_000_000;
        JsonNode heardOnA = onA.get(10, TimeUnit.SECONDS);

        assertThat(heardOnB.get("commands")).singleElement().satisfies(c -> {
            assertThat(c.get("check").asText()).isEqualTo("site");
            assertThat(c.get("trigger").get("probe").asText()).isEqualTo("p-ap-south");
        });
        assertThat(heardOnA.get("commands").get(0).get("id")).isEqualTo(heardOnB.get("commands").get(0).get("id"));
        assertThat(ms).as("heard on the other replica well before the 20 s wait ended").isLessThan(10_000);
        System.out.println("confirmation command reached the other replica's waiting probe in " + ms + " ms");
    }
}
