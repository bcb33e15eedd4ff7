package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /readyz} answers in a bounded time whatever the database does, so that a load balancer's health
 * check (a few seconds) takes a replica out while its database hangs, and back in when it answers again.
 */
class ReadinessTest {
    /** Far above the 2 s bound, far below the 10 s and more a hung database kept /readyz waiting before. */
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void readyz_says_unreachable_within_a_health_checks_timeout_while_the_database_hangs_or_refuses()
            throws Exception {
        Optional<TestPostgres> pg = TestPostgres.create("ready_");
        assumeTrue(pg.isPresent(), "GLASSPROBE_TEST_POSTGRES_URL is not set: no PostgreSQL to cut the API off from");
        try (TestPostgres db = pg.get(); DatabaseRelay relay = new DatabaseRelay(db.host(), db.port())) {
            TestApi api = new TestApi(dir, db.apiEnv(relay.port()));
            try {
                assertThat(api.get("/readyz", null).status()).isEqualTo(200);

                relay.freeze();
                for (int i = 0; i < 3; i++) {
                    assertUnreachableWithinTimeout(api);
                }
                relay.up();
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/readyz", null).status() == 200);

                relay.down();
                assertUnreachableWithinTimeout(api);
                relay.up();
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/readyz", null).status() == 200);
            } finally {
                relay.up();
                api.close();
            }
        }
    }

    private static void assertUnreachableWithinTimeout(TestApi api) {
        long started = System.nanoTime();
        TestApi.Answer a = api.get("/readyz", null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(a.status()).as(a.body()).isEqualTo(503);
        assertThat(a.json().path("database").asText()).isEqualTo("unreachable");
        assertThat(took).as("/readyz answered in %s", took).isLessThan(HEALTH_CHECK_TIMEOUT);
    }
}
