package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassprobe.api.DatabaseRelay;
import org.glassprobe.local.HookReceiver.Hook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/replicas} as it runs: two API replicas on one PostgreSQL, started at the same instant on an
 * empty schema, behind Debian's nginx with {@code deploy/replicas/nginx.conf}, the demo site and three probes
 * enrolled and delivering through the load balancer. One replica is killed with SIGKILL and started again
 * while the site goes down and comes back and a probe dies, then the other freezes for 20 s, then both lose
 * the database for 20 s: nothing is lost or stored twice, the periodic jobs go on on the survivor, each event
 * is one webhook delivery, and nobody is paged for the replicas' own trouble.
 */
class ReplicasIT {
    private static final String CHECK = "site";
    private static final Duration EVENT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replicas_behind_nginx_lose_nothing_store_nothing_twice_and_page_once_while_one_is_killed() throws Exception {
        String url = System.getenv("GLASSPROBE_TEST_POSTGRES_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "GLASSPROBE_TEST_POSTGRES_URL is not set: no PostgreSQL"
                + " for the replicas (deploy/test sets it)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")),
                "needs Debian's nginx as the load balancer (apt-get install -y nginx; deploy/setup-debian does)");
        String user = System.getenv().getOrDefault("GLASSPROBE_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("GLASSPROBE_TEST_POSTGRES_PASSWORD", "");
        String schema = "replicas_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(url, user, password, "CREATE SCHEMA " + schema);
        // The replicas reach PostgreSQL through a relay the test can cut, as a database outage does.
        java.net.URI server = java.net.URI.create(url.substring("jdbc:".length()));
        DatabaseRelay relay = new DatabaseRelay(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
        String schemaUrl = "jdbc:postgresql://127.0.0.1:" + relay.port() + server.getRawPath() + "?"
                + (server.getRawQuery() == null ? "" : server.getRawQuery() + "&") + "currentSchema=" + schema;

        int base = NetworkFixture.freeBasePort(8);
        Map<String, String> env = Map.of("GLASSPROBE_LIVENESS_LATE_AFTER", "2s", "GLASSPROBE_LIVENESS_DOWN_AFTER", "8s",
                "GLASSPROBE_LIVENESS_EVERY", "500ms", "GLASSPROBE_OUTAGES_EVERY", "500ms",
                "GLASSPROBE_WEBHOOKS_POLL", "100ms", "GLASSPROBE_WEBHOOKS_BACKOFF_INITIAL", "300ms",
                "GLASSPROBE_WEBHOOKS_BACKOFF_MAX", "1s", "GLASSPROBE_ROLLUP_EVERY", "1s",
                // the check runs every second; its failures are confirmed all the same, so that the
                // probes' command requests through nginx are exercised
                "GLASSPROBE_OUTAGES_CONFIRM_MIN_INTERVAL", "1s");
        LocalNetwork.Options options = new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-replicas-" + base), base, LocalNetwork.REGIONS, null,
                true, false, env, List.of("--pull-interval", "1s", "--heartbeat-interval", "1s"),
                LocalNetwork.PROBE_JAVA_OPTIONS, new LocalNetwork.Replicas(2, schemaUrl, user, password));
        try (HookReceiver receiver = new HookReceiver(); LocalNetwork network = LocalNetwork.start(options, System.out)) {
            assertMigratedOnce(url, user, password, schema, network);

            JsonNode hook = NetworkFixture.admin(network, "POST", "/api/v1/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"outage.opened\",\"outage.resolved\",\"probe.down\",\"probe.up\"]}", 201);
            receiver.secret(hook.path("secret").asText());
            NetworkFixture.pushPing(network, CHECK, "[STATUS] == 200");
            await().atMost(Duration.ofSeconds(120)).until(() -> NetworkFixture.everyRegionOperational(network, CHECK));

            // Replica 1 dies at once; the survivor takes the probes' calls (through nginx) and every job.
            network.replica(0).kill9();
            Instant killed = Instant.now();
            Thread.sleep(3_000);
            NetworkFixture.fault(network, "mode=down");
            await("outage.opened, decided on the survivor").atMost(EVENT)
                    .until(() -> receiver.accepted("outage.opened").size() == 1);
            // Quartz takes a member for dead once it misses its check-ins (about 15 s); then the jobs it held move.
            await("every periodic job runs on the survivor").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertJobsRanSince(network.replicaUrl(1), killed));

            // The outage's first failure asked the other probes to confirm it at once: their command requests,
            // through nginx, waited on whichever replica, and every probe asked answered.
            await("a confirmation round answered through the load balancer").atMost(EVENT).until(() -> {
                for (JsonNode round : NetworkFixture.admin(network, "GET", "/api/v1/checks/" + CHECK
                        + "/confirmations", null, 200).path("rounds")) {
                    if (round.path("answered").asBoolean() && round.path("asked").size() > 0) {
                        return true;
                    }
                }
                return false;
            });

            // Replica 1 comes back and joins the schedule; the site comes back.
            network.restartReplica(0);
            NetworkFixture.fault(network, "mode=none");
            await("outage.resolved").atMost(EVENT).until(() -> receiver.accepted("outage.resolved").size() == 1);

            // A probe that dies is paged once, by whichever replica runs the watchdog; its return once too.
            network.probe("ap-south").kill9();
            await("probe.down").atMost(EVENT).until(() -> receiver.accepted("probe.down").size() == 1);
            network.restartProbe("ap-south");
            await("probe.up").atMost(EVENT).until(() -> receiver.accepted("probe.up").size() == 1);

            // A replica that freezes (SIGSTOP) for longer than a probe may be silent: nginx gives each probe call
            // 4 s there, then sends it to the other replica, so no heartbeat is lost and nobody is paged; thawed,
            // the replica pages nobody either.
            signal("STOP", network.replica(1).pid());
            Thread.sleep(20_000);
            signal("CONT", network.replica(1).pid());
            Thread.sleep(5_000);

            // Both replicas lose the database for longer than a probe may be silent: they cannot hear the
            // probes, so when it is back that time counts as nobody's silence, and nobody is paged.
            relay.down();
            Thread.sleep(20_000);
            relay.up();
            await("both replicas ready again").atMost(Duration.ofSeconds(60)).until(() ->
                    NetworkFixture.get(network.replicaUrl(0) + "/readyz").contains("\"ready\"")
                            && NetworkFixture.get(network.replicaUrl(1) + "/readyz").contains("\"ready\""));
            Thread.sleep(15_000); // a second delivery of any event, or a false page, would come within this

            List<Hook> hooks = receiver.accepted();
            assertThat(hooks).extracting(Hook::id).doesNotHaveDuplicates();
            assertThat(hooks).allMatch(Hook::verified, "signature verified");
            assertThat(receiver.accepted("outage.opened")).hasSize(1);
            assertThat(receiver.accepted("outage.resolved")).hasSize(1);
            assertThat(receiver.accepted("probe.down")).as("no probe but the killed one is taken for dead: %s", hooks)
                    .hasSize(1).allMatch(h -> h.data().path("probe").asText().equals(LocalNetwork.probeName("ap-south")));
            assertThat(receiver.accepted("probe.up")).hasSize(1);

            // Every run is stored once. The check moves to a region no probe serves, so its runs stop; once
            // each probe's count of its runs stands still and its spool is empty, the stored results must
            // match that count exactly, with no id twice. Results still spooled at the move (the database
            // outage may leave a backlog) were run before it and are stored; a run the probe starts after
            // the move, before it hears of it, is acknowledged as unassigned and counted so by the probe.
            // Nothing is refused. (ap-south's counts restarted.)
            NetworkFixture.pushPing(network, CHECK, "[STATUS] == 200", "nowhere");
            Map<String, Double> runs = new java.util.HashMap<>();
            await("every probe stops running the check and empties its spool").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> {
                        boolean settled = true;
                        for (String region : LocalNetwork.REGIONS) {
                            double now = NetworkFixture.metric(network, region, "glassprobe_probe_runs_total",
                                    "check=\"" + CHECK + "\"");
                            Double before = runs.put(region, now);
                            settled &= before != null && before == now
                                    && NetworkFixture.health(network, region).path("spoolPending").asLong() == 0;
                        }
                        return settled;
                    });
            List<NetworkFixture.Stored> all = NetworkFixture.results(network, CHECK);
            for (String region : LocalNetwork.REGIONS) {
                List<NetworkFixture.Stored> mine = NetworkFixture.of(all, LocalNetwork.probeName(region));
                assertThat(mine).extracting(NetworkFixture.Stored::id).as("results of %s", region)
                        .doesNotHaveDuplicates();
                if (!region.equals("ap-south")) {
                    double refused = NetworkFixture.metric(network, region, "glassprobe_probe_results_rejected_total", "");
                    double unassigned = NetworkFixture.metric(network, region,
                            "glassprobe_probe_results_unassigned_total", "");
                    assertThat(refused).as("runs of %s refused", region).isZero();
                    assertThat(unassigned).as("runs of %s made after the check moved", region).isLessThanOrEqualTo(1);
                    assertThat(mine.size() + unassigned).as("results of %s stored or acknowledged as unassigned,"
                            + " against its runs", region).isEqualTo(runs.get(region));
                }
            }
        } finally {
            relay.close();
            execute(url, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** The migrations ran once (one row each in Flyway's history, all successful), by one replica or shared. */
    private static void assertMigratedOnce(String url, String user, String password, String schema,
            LocalNetwork network) throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, success FROM " + schema
                        + ".flyway_schema_history WHERE version IS NOT NULL")) {
            while (rs.next()) {
                assertThat(rs.getBoolean("success")).as("migration %s", rs.getString(1)).isTrue();
                versions.add(rs.getString("version"));
            }
        }
        assertThat(versions).isNotEmpty().doesNotHaveDuplicates();
        int applied = 0;
        Pattern appliedLine = Pattern.compile("database schema up to date applied=\"(\\d+)\"");
        for (int r = 0; r < 2; r++) {
            Matcher m = appliedLine.matcher(Files.readString(network.replica(r).log()));
            assertThat(m.find()).as("replica %s logs its migration", r + 1).isTrue();
            applied += Integer.parseInt(m.group(1));
        }
        assertThat(applied).as("migrations applied by the two replicas together").isEqualTo(versions.size());
    }

    /** The survivor ran each periodic job after the other replica died. */
    private static void assertJobsRanSince(String survivor, Instant since) throws Exception {
        JsonNode ready = JSON.readTree(NetworkFixture.get(survivor + "/readyz"));
        for (String job : List.of("liveness-watchdog", "outage-decisions", "rollup", "probe-events")) {
            String last = ready.path("lastJobRuns").path(job).asText("");
            assertThat(last).as("%s's last run on the survivor (%s)", job, ready).isNotEmpty();
            assertThat(Instant.parse(last)).as("%s ran on the survivor after the kill", job).isAfter(since);
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, pid).isZero();
    }

    private static void execute(String url, String user, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
