package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.glassprobe.api.outage.CheckStates.State;
import org.glassprobe.scenarios.result.CheckResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two results API instances on one PostgreSQL database, Quartz clustered, as an operator scales the
 * API out behind a load balancer: whatever reaches either instance, and whatever both do at the same
 * moment, is stored and decided once. Runs where {@code GLASSPROBE_TEST_POSTGRES_URL} names a
 * database (CI's {@code .ci/run} installs and starts PostgreSQL from Debian's packages for it).
 */
class ScaleOutTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private TestPostgres pg;
    private TestApi a;
    private TestApi b;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final ExecutorService both = Executors.newFixedThreadPool(2);

    @BeforeEach
    void start() throws Exception {
        pg = TestPostgres.create("gp_scale_").orElse(null);
        Assumptions.assumeTrue(pg != null,
                "GLASSPROBE_TEST_POSTGRES_URL is not set: scale-out runs on PostgreSQL (see .ci/run)");
        a = new TestApi(dirA, pg.apiEnv());
        b = new TestApi(dirB, pg.apiEnv());
        for (String region : REGIONS) {
            String token = a.enrol("p-" + region, region);
            tokens.put(region, token);
            // enrolled through one instance, known to the other: one store
            assertThat(b.post("/api/v1/probe/heartbeat", token, "{}").status()).isEqualTo(200);
        }
        assertThat(a.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        both.shutdownNow();
        both.awaitTermination(10, TimeUnit.SECONDS);
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

    /** Runs the same work on both instances at once and returns both answers. */
    private <T> List<T> atOnce(Callable<T> onA, Callable<T> onB) throws Exception {
        Future<T> fa = both.submit(onA);
        Future<T> fb = both.submit(onB);
        return java.util.Arrays.asList(fa.get(60, TimeUnit.SECONDS), fb.get(60, TimeUnit.SECONDS));
    }

    @Test
    void one_batch_sent_to_both_instances_at_once_is_stored_once() throws Exception {
        Instant now = a.clock.instant();
        List<CheckResult> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(TestApi.result("site", now.minusSeconds(i), i % 7 != 0));
        }
        String token = tokens.get("eu-west");

        List<TestApi.Answer> answers = atOnce(() -> a.postResults(token, results), () -> b.postResults(token, results));

        assertThat(answers).allSatisfy(x -> assertThat(x.status()).as(x.body()).isEqualTo(200));
        assertThat(answers.get(0).json().get("stored").asInt() + answers.get(1).json().get("stored").asInt())
                .as("every result stored by exactly one of the two").isEqualTo(200);
        assertThat(a.storedResults("site")).isEqualTo(200);
        assertThat(b.storedResults("site")).isEqualTo(200);
        String path = "/api/v1/checks/site/summary?period=24h";
        assertThat(a.get(path, ADMIN).json().get("overall")).isEqualTo(b.get(path, ADMIN).json().get("overall"));
    }

    @Test
    void both_watchdogs_at_once_record_a_silent_probe_late_once() throws Exception {
        a.clock.advance(Duration.ofSeconds(40));
        b.clock.advance(Duration.ofSeconds(40));
        for (String region : List.of("us-east", "ap-south")) {
            assertThat(a.post("/api/v1/probe/heartbeat", tokens.get(region), "{}").status()).isEqualTo(200);
        }

        atOnce(() -> a.api.liveness().evaluate(), () -> b.api.liveness().evaluate());

        assertThat(a.get("/api/v1/probes/p-eu-west/events", ADMIN).json().get("events").findValuesAsText("to"))
                .as("newest first: late once, after up at its first heartbeat").containsExactly("late", "up");
        assertThat(b.get("/api/v1/probes", ADMIN).json().findValuesAsText("status")).contains("late");
    }

    @Test
    void failures_reaching_both_instances_at_once_open_one_outage() throws Exception {
        for (String region : REGIONS) {
            assertThat(a.postResults(tokens.get(region), List.of(TestApi.result("site", a.clock.instant(), true)))
                    .status()).isEqualTo(200);
        }
        a.clock.advance(Duration.ofSeconds(10));
        b.clock.advance(Duration.ofSeconds(10));
        Instant now = a.clock.instant();

        atOnce(() -> a.postResults(tokens.get("eu-west"), List.of(TestApi.result("site", now, false))),
                () -> b.postResults(tokens.get("us-east"), List.of(TestApi.result("site", now, false))));
        atOnce(() -> {
            a.api.outages().decideAll();
            return null;
        }, () -> {
            b.api.outages().decideAll();
            return null;
        });

        assertThat(a.api.checkStates().of("site").orElseThrow().state()).isEqualTo(State.OUTAGE);
        assertThat(b.api.checkStates().of("site").orElseThrow().state()).isEqualTo(State.OUTAGE);
        assertThat(a.get("/api/v1/outages", null).json().get("incidents")).as("one outage, not one per instance")
                .hasSize(1);
    }
}
