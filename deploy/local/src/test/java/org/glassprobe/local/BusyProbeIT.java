package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A probe given more work than its workers can do: 20 checks every second, each taking half a
 * second, on 2 workers. It cannot run them all; every planned run it skips must be reported as
 * missed (in its metrics and its heartbeat), never dropped silently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusyProbeIT {
    private static final int CHECKS = 20;
    private LocalNetwork network;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-busy-" + base), base, List.of("eu-west"), null, true,
                false, Map.of(), List.of("--workers", "2", "--pull-interval", "1s", "--heartbeat-interval", "1s")),
                System.out);
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void every_planned_run_is_either_run_or_reported_missed() throws Exception {
        NetworkFixture.fault(network, "mode=slow&value=500");
        for (int i = 0; i < CHECKS; i++) {
            NetworkFixture.pushPing(network, String.format("busy-%02d", i), "[STATUS] == 200");
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                NetworkFixture.metric(network, "eu-west", "glassprobe_probe_missed_runs_total", "busy-") > 0);

        double[] runs0 = new double[CHECKS];
        double[] missed0 = new double[CHECKS];
        long t0 = System.nanoTime();
        for (int i = 0; i < CHECKS; i++) {
            runs0[i] = runs(i);
            missed0[i] = missed(i);
        }
        Thread.sleep(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double totalMissed = 0;
        for (int i = 0; i < CHECKS; i++) {
            double accounted = runs(i) - runs0[i] + missed(i) - missed0[i];
            totalMissed += missed(i) - missed0[i];
            assertThat(accounted).as("busy-%02d: runs + missed over %.1f s of 1 s slots", i, seconds)
                    .isBetween(Math.floor(seconds) - 2, Math.ceil(seconds) + 2);
        }
        assertThat(totalMissed).as("a probe this busy misses runs, and says so").isPositive();

        NetworkFixture.fault(network, "mode=none");
        JsonNode probe = network.admin().probes().path("probes").get(0);
        assertThat(probe.path("missedRuns").asLong()).as("the heartbeat tells the API").isPositive();
    }

    private double runs(int i) throws Exception {
        return NetworkFixture.metric(network, "eu-west", "glassprobe_probe_runs_total",
                String.format("check=\"busy-%02d\"", i));
    }

    private double missed(int i) throws Exception {
        return NetworkFixture.metric(network, "eu-west", "glassprobe_probe_missed_runs_total",
                String.format("check=\"busy-%02d\"", i));
    }
}
