package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.local.NetworkFixture.Stored;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The network as a user runs it: the real API, the demo site and three probe agents, each its own
 * process. Every check here runs every second, so a probe's stored results must fill every second
 * of its life: a gap is a lost result, two in one second a duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbeNetworkIT {
    private LocalNetwork network;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        LocalNetwork.Options options = new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-run-" + base), base, LocalNetwork.REGIONS, null,
                true, false, Map.of(), List.of("--pull-interval", "1s", "--heartbeat-interval", "1s"));
        network = LocalNetwork.start(options, System.out);
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    private static String probe(String region) {
        return LocalNetwork.probeName(region);
    }

    private double missed(String region, String check) throws Exception {
        return NetworkFixture.metric(network, region, "glassprobe_probe_missed_runs_total", "check=\"" + check + "\"");
    }

    @Test
    @Order(1)
    void a_check_runs_on_its_interval_on_every_probe_of_its_region_and_only_there() throws Exception {
        NetworkFixture.pushPing(network, "everywhere", "[STATUS] == 200");
        NetworkFixture.pushPing(network, "eu-only", "[STATUS] == 200", "eu-west");

        await().atMost(Duration.ofSeconds(60)).until(() -> LocalNetwork.REGIONS.stream().allMatch(region -> {
            try {
                return NetworkFixture.of(NetworkFixture.results(network, "everywhere"), probe(region)).size() >= 5;
            } catch (Exception e) {
                return false;
            }
        }));
        List<Stored> everywhere = NetworkFixture.results(network, "everywhere");
        for (String region : LocalNetwork.REGIONS) {
            List<Stored> mine = NetworkFixture.of(everywhere, probe(region));
            assertThat(mine).allMatch(Stored::ok);
            NetworkFixture.assertEverySecondOnce(mine, null, null, missed(region, "everywhere"));
        }
        List<Stored> euOnly = NetworkFixture.results(network, "eu-only");
        assertThat(euOnly).isNotEmpty().allMatch(r -> r.probe().equals(probe("eu-west")));
        assertThat(NetworkFixture.metric(network, "us-east", "glassprobe_probe_runs_total", "check=\"eu-only\""))
                .as("a check for another region never runs here").isZero();
    }

    @Test
    @Order(2)
    void a_changed_check_takes_effect_within_a_pull_interval_and_a_removed_check_stops() throws Exception {
        NetworkFixture.pushPing(network, "changing", "[STATUS] == 200");
        await().atMost(Duration.ofSeconds(30)).until(() -> NetworkFixture.results(network, "changing").size() >= 3);

        Instant changed = Instant.now();
        NetworkFixture.pushPing(network, "changing", "[STATUS] == 418");
        Thread.sleep(5000);
        List<Stored> afterChange = NetworkFixture.results(network, "changing").stream()
                .filter(r -> r.startedAt().isAfter(changed.plusSeconds(3))).toList();
        assertThat(afterChange).as("1 s pull + 1 s interval + slack later, every run uses the new check")
                .isNotEmpty().noneMatch(Stored::ok);

        network.admin().deleteCheck("changing");
        Instant removed = Instant.now();
        Thread.sleep(4000);
        for (String region : LocalNetwork.REGIONS) {
            double runs = NetworkFixture.metric(network, region, "glassprobe_probe_runs_total", "check=\"changing\"");
            Thread.sleep(2500);
            assertThat(NetworkFixture.metric(network, region, "glassprobe_probe_runs_total", "check=\"changing\""))
                    .as("a removed check stops on " + region + " (removed at " + removed + ")").isEqualTo(runs);
        }
    }

    @Test
    @Order(3)
    void with_the_api_stopped_for_30_s_every_result_of_that_time_arrives_once() throws Exception {
        NetworkFixture.pushPing(network, "through-outage", "[STATUS] == 200");
        await().atMost(Duration.ofSeconds(30)).until(() -> NetworkFixture.results(network, "through-outage").size() >= 6);

        network.api().stop(20);
        Instant down = Instant.now();
        Thread.sleep(30_000);
        for (String region : LocalNetwork.REGIONS) {
            assertThat(NetworkFixture.health(network, region).path("spoolPending").asLong())
                    .as("%s keeps probing and spools while the API is away", region).isGreaterThanOrEqualTo(25);
        }
        network.restartApi();
        Instant up = Instant.now();

        await().atMost(Duration.ofSeconds(90)).until(() -> LocalNetwork.REGIONS.stream().allMatch(region -> {
            try {
                return NetworkFixture.health(network, region).path("spoolPending").asLong() == 0;
            } catch (Exception e) {
                return false;
            }
        }));
        List<Stored> all = NetworkFixture.results(network, "through-outage");
        for (String region : LocalNetwork.REGIONS) {
            List<Stored> mine = NetworkFixture.of(all, probe(region));
            long duringOutage = mine.stream().filter(r -> r.startedAt().isAfter(down) && r.startedAt().isBefore(up))
                    .count();
            assertThat(duringOutage).as("results of %s from the 30 s without the API", region).isGreaterThanOrEqualTo(29);
            NetworkFixture.assertEverySecondOnce(mine, null, null, missed(region, "through-outage"));
        }
    }

    @Test
    @Order(4)
    void an_agent_killed_with_sigkill_while_sending_loses_nothing_and_sends_nothing_twice() throws Exception {
        NetworkFixture.pushPing(network, "through-kill", "[STATUS] == 200");
        await().atMost(Duration.ofSeconds(30)).until(() -> NetworkFixture.results(network, "through-kill").size() >= 6);

        network.api().stop(20);
        Thread.sleep(12_000);
        network.restartApi();
        String victim = "ap-south";
        int before = NetworkFixture.of(NetworkFixture.results(network, "through-kill"), probe(victim)).size();
        await().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(60)).until(() ->
                NetworkFixture.of(NetworkFixture.results(network, "through-kill"), probe(victim)).size() > before);
        network.probe(victim).kill9();
        Instant killed = Instant.now();
        Thread.sleep(3000);
        network.restartProbe(victim);
        Instant restarted = Instant.now();

        await().atMost(Duration.ofSeconds(90)).until(() ->
                NetworkFixture.health(network, victim).path("spoolPending").asLong() == 0
                        && NetworkFixture.of(NetworkFixture.results(network, "through-kill"), probe(victim)).stream()
                                .anyMatch(r -> r.startedAt().isAfter(restarted.plusSeconds(2))));
        List<Stored> mine = NetworkFixture.of(NetworkFixture.results(network, "through-kill"), probe(victim));
        NetworkFixture.assertEverySecondOnce(mine, killed.minusSeconds(2), restarted.plusSeconds(5), missed(victim, "through-kill"));
    }
}
