package org.glassprobe.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.outage.CheckStates.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many probes posting for one check at once: the decisions after results run one at a time and
 * results arriving meanwhile do not wait for them, yet the last results are always decided, at
 * once and not by the periodic job (which is set to an hour here, so it cannot help).
 */
class DecisionsUnderLoadTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final int THREADS_PER_REGION = 4;
    private static final int BATCHES_PER_THREAD = 15;

    @TempDir
    Path dir;
    TestApi api;
    final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void start() {
        api = new TestApi(dir, Map.of("GLASSPROBE_OUTAGES_EVERY", "1h"));
        tokens.putAll(api.enrolBeating(REGIONS));
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 10s\ntimeout: 2s\nretries: 0\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Every region's probe posts from several connections at once, each batch one result. */
    private void storm(boolean ok) throws Exception {
        Instant now = api.clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(REGIONS.size() * THREADS_PER_REGION);
        try {
            List<Future<Integer>> posts = new ArrayList<>();
            for (String region : REGIONS) {
                for (int t = 0; t < THREADS_PER_REGION; t++) {
                    posts.add(pool.submit(() -> {
                        for (int b = 0; b < BATCHES_PER_THREAD; b++) {
                            TestApi.Answer a = api.postResults(tokens.get(region),
                                    List.of(TestApi.result("site", now, ok)));
                            if (a.status() != 200) {
                                return a.status();
                            }
                        }
                        return 200;
                    }));
                }
            }
            for (Future<Integer> post : posts) {
                assertThat(post.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_last_results_of_a_storm_are_decided_at_once_both_ways() throws Exception {
        storm(true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.api.checkStates().of("site").orElseThrow().state()).isEqualTo(State.OPERATIONAL));

        api.clock.advance(Duration.ofSeconds(10));
        storm(false);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.api.checkStates().of("site").orElseThrow().state()).isEqualTo(State.OUTAGE));
        assertThat(api.api.checkStates().incidents("site", 10)).as("one outage, opened once").hasSize(1);

        // recovery takes 2 passed runs and an outage stays open 3 intervals (the default policy)
        for (int run = 0; run < 3; run++) {
            api.clock.advance(Duration.ofSeconds(10));
            storm(true);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.api.checkStates().of("site").orElseThrow().state()).isEqualTo(State.OPERATIONAL));
        assertThat(api.api.checkStates().incidents("site", 10)).singleElement()
                .satisfies(i -> assertThat(i.resolvedAt()).as("resolved").isNotNull());
    }
}
