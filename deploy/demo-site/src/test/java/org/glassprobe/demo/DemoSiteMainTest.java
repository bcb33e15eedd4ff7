package org.glassprobe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Response;
import org.glassprobe.demo.faults.Fault;
import org.glassprobe.demo.faults.FaultMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoSiteMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--fault sideways                  | option '--fault': found 'sideways'; allowed: none, down, refuse, slow, corrupt, flaky, hang",
            "--fault slow                      | option '--fault-value' is missing; allowed: an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "--fault slow --fault-value 600001 | option '--fault-value': found '600001'; allowed: an integer from 0 to 600000",
            "--fault flaky --fault-value half  | option '--fault-value': found 'half'; allowed: an integer from 0 to 100",
            "--fault down --fault-value 3      | option '--fault-value': found '3'; allowed: no value: mode 'down' takes none",
            "--fault-value 5                   | --fault-value needs --fault slow or --fault flaky",
            "--port 70000                      | --port must be from 0 (ephemeral) to 65535, not 70000",
            "--port eighty                     | Invalid value for option '--port': 'eighty' is not an int",
            "--port 9000 --admin-port 9000     | --port and --admin-port must differ, both are 9000",
            "--max-images 0                    | --max-images must be at least 1, not 0",
            "--max-image-bytes 100 --max-total-bytes 10 | --max-total-bytes (10) must be at least --max-image-bytes (100)",
            "--colour                          | Unknown option: '--colour'",
            "--lag us-east                     | option '--lag': found 'us-east'; allowed: REGION=DURATION or REGION=never",
            "--lag us-east=later               | option '--lag': found 'us-east=later'; allowed: a lag from 0ms to 24h",
    })
    void a_bad_flag_exits_2_with_a_message_and_no_stack_trace(String args, String message) {
        int exitCode = run(neverStarts(), args.split(" "));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains(message).contains("Usage: glassprobe-demo-site")
                .doesNotContain("\tat ", "Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void starts_prints_where_it_listens_and_stops_when_its_lifetime_ends() throws IOException {
        AtomicReference<String> healthSeen = new AtomicReference<>();
        AtomicReference<Fault> faultSeen = new AtomicReference<>();

        int exitCode = run(site -> {
            faultSeen.set(site.fault());
            try (Response health = new SiteClient(site.adminUrl()).get("/admin/faults")) {
                healthSeen.set(health.body().string());
            } catch (IOException failure) {
                healthSeen.set(failure.toString());
            }
        }, "--port", "0", "--admin-port", "0", "--fault", "slow", "--fault-value", "5", "--max-images", "3");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).matches(
                "glassprobe demo site listening on http://127\\.0\\.0\\.1:\\d+ \\(admin: http://127\\.0\\.0\\.1:\\d+, fault: slow 5\\)\\R");
        assertThat(faultSeen.get()).isEqualTo(Fault.of(FaultMode.SLOW, 5));
        assertThat(healthSeen.get()).isEqualTo("{\"mode\":\"slow\",\"value\":5}");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void a_taken_port_exits_1_with_a_message() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int exitCode = run(neverStarts(), "--port", Integer.toString(taken.getLocalPort()), "--admin-port", "0");

            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString()).startsWith("glassprobe-demo-site: cannot start on 127.0.0.1 (ports "
                    + taken.getLocalPort() + " and 0): ").doesNotContain("\tat ");
        }
    }

    @Test
    void help_lists_every_flag() {
        int exitCode = run(neverStarts(), "--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("--host", "--port", "--admin-port", "--max-image-bytes", "--max-images",
                "--max-total-bytes", "--fault", "--fault-value");
    }

    private int run(DemoSiteMain.Lifetime lifetime, String... args) {
        return DemoSiteMain.execute(new DemoSiteMain(lifetime), args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static DemoSiteMain.Lifetime neverStarts() {
        return site -> {
            throw new AssertionError("the site should not have started");
        };
    }
}
