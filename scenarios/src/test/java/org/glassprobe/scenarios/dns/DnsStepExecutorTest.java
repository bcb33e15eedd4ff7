package org.glassprobe.scenarios.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dns steps against a real DNS server (Debian's dnsmasq) started on loopback by the test. */
class DnsStepExecutorTest {
    private static final String HOSTS = """
            192.0.2.10 www.example.test
            192.0.2.11 www.example.test
            2001:db8::1 www.example.test
            """;
    /** Twelve TXT records of 203 characters: about 2.5 kB, more than a UDP answer holds (dnsjava asks for 1232 bytes). */
    private static final List<String> BIG_TXT = java.util.stream.IntStream.rangeClosed(1, 12)
            .mapToObj(i -> String.format("t%02d", i) + "y".repeat(200)).toList();

    @TempDir
    static Path dir;
    static Dnsmasq dnsmasq;

    @BeforeAll
    static void start() throws Exception {
        List<String> records = new ArrayList<>(List.of(
                "--cname=alias.example.test,www.example.test",
                "--mx-host=example.test,mail.example.test,10",
                "--mx-host=example.test,backup.example.test,20",
                "--txt-record=example.test,v=spf1 -all",
                "--txt-record=split.example.test,first half ,second half"));
        BIG_TXT.forEach(t -> records.add("--txt-record=big.example.test," + t));
        if (Dnsmasq.installed()) {
            dnsmasq = Dnsmasq.start(dir, HOSTS, records);
        }
    }

    /** Each test, not the class, is reported skipped without dnsmasq: a skipped class shows as no test at all. */
    @BeforeEach
    void needsDnsmasq() {
        Dnsmasq.assumeInstalled();
    }

    @AfterAll
    static void stop() {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
    }

    private static Check ping(String dns, String... expect) throws InvalidCheckException {
        StringBuilder yaml = new StringBuilder("name: dns-test\nkind: ping\ninterval: 10s\ntimeout: 3s\nretries: 0\n"
                + "dns: " + dns + "\n");
        if (expect.length > 0) {
            yaml.append("expect:\n");
            for (String e : expect) {
                yaml.append("  - '").append(e).append("'\n");
            }
        }
        return TestChecks.parse(yaml.toString());
    }

    private static StepResult step(CheckResult result) {
        assertThat(result.steps()).hasSize(1);
        return result.steps().get(0);
    }

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("www.example.test", "A", List.of("192.0.2.10", "192.0.2.11")),
                Arguments.of("www.example.test", "AAAA", List.of("2001:db8::1")),
                Arguments.of("alias.example.test", "CNAME", List.of("www.example.test.")),
                Arguments.of("example.test", "MX", List.of("10 mail.example.test.", "20 backup.example.test.")),
                Arguments.of("example.test", "TXT", List.of("v=spf1 -all")),
                Arguments.of("split.example.test", "TXT", List.of("first half second half")),
                Arguments.of("example.test", "NS", List.of("ns1.example.test.")),
                Arguments.of("example.test", "SOA",
                        List.of("ns1.example.test. hostmaster.example.test. 2024010101 1200 180 1209600 600")));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("records")
    void answers_each_record_type_sorted_with_the_query_time_as_the_resolve_phase(String name, String type,
            List<String> answers) throws Exception {
        CheckResult result = TestChecks.run(ping("{name: " + name + ", type: " + type + ", server: \""
                + dnsmasq.server() + "\"}"), Map.of());

        StepResult step = step(result);
        assertThat(result.ok()).as("%s", result.error()).isTrue();
        assertThat(step.kind()).isEqualTo("dns");
        assertThat(step.dns().answers()).isEqualTo(answers);
        assertThat(step.dns().rcode()).isEqualTo("NOERROR");
        assertThat(step.dns().server()).isEqualTo(dnsmasq.server());
        assertThat(step.dns().transport()).isEqualTo("udp");
        assertThat(step.request().method()).isEqualTo("QUERY");
        assertThat(step.request().url()).isEqualTo("dns://" + dnsmasq.server() + "/" + name + "?type=" + type);
        assertThat(step.phases().resolve()).isPositive().isEqualTo(step.durationMs());
        assertThat(new Phases(0, step.phases().connect(), step.phases().tls(), step.phases().processing(),
                step.phases().transfer())).isEqualTo(Phases.NONE);
        assertThat(step.conditions()).extracting(ConditionResult::condition, ConditionResult::ok,
                ConditionResult::actual, ConditionResult::implicit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("[DNS_RCODE] == NOERROR", true, "NOERROR", true));
    }

    @Test
    void conditions_see_the_answers_one_per_line_the_response_code_and_the_query_time() throws Exception {
        CheckResult result = TestChecks.run(ping("{name: www.example.test, server: \"" + dnsmasq.server() + "\"}",
                "[BODY] == pat(*192.0.2.10*)", "[BODY] != 192.0.2.10", "[DNS_RCODE] == any(NOERROR, NXDOMAIN)",
                "[RESPONSE_TIME] < 2s"), Map.of());

        StepResult step = step(result);
        assertThat(result.ok()).as("%s", result.error()).isTrue();
        assertThat(step.conditions()).extracting(ConditionResult::condition, ConditionResult::actual)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[BODY] == pat(*192.0.2.10*)", "192.0.2.10\n192.0.2.11"),
                        org.assertj.core.groups.Tuple.tuple("[BODY] != 192.0.2.10", "192.0.2.10\n192.0.2.11"),
                        org.assertj.core.groups.Tuple.tuple("[DNS_RCODE] == any(NOERROR, NXDOMAIN)", "NOERROR"),
                        org.assertj.core.groups.Tuple.tuple("[RESPONSE_TIME] < 2s",
                                java.math.BigDecimal.valueOf(step.durationMs()).stripTrailingZeros().toPlainString()));
    }

    @Test
    void several_answers_compare_whole_as_lines_written_with_a_yaml_line_break() throws Exception {
        Check check = TestChecks.parse("name: d\nkind: ping\nretries: 0\ndns: {name: www.example.test, server: \""
                + dnsmasq.server() + "\"}\nexpect:\n  - \"[BODY] == 192.0.2.10\\n192.0.2.11\"\n");
        CheckResult result = TestChecks.run(check, Map.of());
        assertThat(result.ok()).as("%s", result.error()).isTrue();
        assertThat(step(result).conditions().get(0).expected()).isEqualTo("192.0.2.10\n192.0.2.11");
    }

    @Test
    void a_wrong_answer_fails_as_a_condition_with_the_answers_it_got() throws Exception {
        CheckResult result = TestChecks.run(ping("{name: www.example.test, server: \"" + dnsmasq.server() + "\"}",
                "[BODY] == 192.0.2.99"), Map.of());

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.CONDITION);
        assertThat(result.error().message())
                .isEqualTo("condition [BODY] == 192.0.2.99 failed: actual \"192.0.2.10\\n192.0.2.11\"");
    }

    @Test
    void a_name_that_does_not_exist_fails_as_a_dns_error_naming_the_response_code_and_the_server() throws Exception {
        CheckResult result = TestChecks.run(ping("{name: nope.example.test, server: \"" + dnsmasq.server() + "\"}"),
                Map.of());

        StepResult step = step(result);
        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.DNS);
        assertThat(result.error().message()).isEqualTo("nope.example.test A: NXDOMAIN from " + dnsmasq.server()
                + " (condition [DNS_RCODE] == NOERROR (default) failed)");
        assertThat(step.dns().rcode()).isEqualTo("NXDOMAIN");
        assertThat(step.dns().answers()).isEmpty();
        assertThat(step.phases().resolve()).isPositive();
    }

    @Test
    void a_check_that_a_name_does_not_exist_passes_on_nxdomain_and_fails_when_it_appears() throws Exception {
        Check gone = ping("{name: gone.example.test, server: \"" + dnsmasq.server() + "\"}",
                "[DNS_RCODE] == NXDOMAIN");
        assertThat(TestChecks.run(gone, Map.of()).ok()).isTrue();
        assertThat(step(TestChecks.run(gone, Map.of())).conditions()).hasSize(1); // no implicit NOERROR beside it

        Check present = ping("{name: www.example.test, server: \"" + dnsmasq.server() + "\"}",
                "[DNS_RCODE] == NXDOMAIN");
        CheckResult result = TestChecks.run(present, Map.of());
        assertThat(result.error().kind()).isEqualTo(ErrorKind.DNS);
        assertThat(result.error().message()).isEqualTo("www.example.test A: NOERROR from " + dnsmasq.server()
                + " (condition [DNS_RCODE] == NXDOMAIN failed)");
    }

    @Test
    void a_changed_record_is_seen_on_the_next_run(@TempDir Path own) throws Exception {
        try (Dnsmasq changing = Dnsmasq.start(own, "192.0.2.20 shop.example.test\n", List.of())) {
            Check check = ping("{name: shop.example.test, server: \"" + changing.server() + "\"}",
                    "[BODY] == 192.0.2.20");
            CheckResult before = TestChecks.run(check, Map.of());
            assertThat(before.ok()).as("%s", before.error()).isTrue();

            changing.hosts("192.0.2.21 shop.example.test\n");

            CheckResult after = TestChecks.run(check, Map.of());
            assertThat(after.ok()).isFalse();
            assertThat(step(after).dns().answers()).containsExactly("192.0.2.21");
            assertThat(after.error().message()).isEqualTo("condition [BODY] == 192.0.2.20 failed: actual \"192.0.2.21\"");
        }
    }

    @Test
    void a_server_that_never_answers_times_out_at_the_step_deadline() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            AtomicInteger heard = new AtomicInteger();
            Thread listener = new Thread(() -> {
                byte[] buffer = new byte[512];
                while (!silent.isClosed()) {
                    try {
                        silent.receive(new DatagramPacket(buffer, buffer.length));
                        heard.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            listener.setDaemon(true);
            listener.start();
            Check check = TestChecks.parse("""
                    name: silent
                    kind: scenario
                    timeout: 5s
                    retries: 0
                    steps:
                      - name: ask
                        timeout: 600ms
                        dns: {name: example.test, type: SOA, server: "127.0.0.1:%d"}
                    """.formatted(silent.getLocalPort()));

            long start = System.nanoTime();
            CheckResult result = TestChecks.run(check, Map.of());
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(result.error().message()).isEqualTo("no answer from 127.0.0.1:" + silent.getLocalPort()
                    + " for example.test SOA within the step's timeout of 600ms (over UDP)");
            assertThat(heard.get()).isEqualTo(1);
            assertThat(step(result).durationMs()).isBetween(550.0, 1000.0);
            assertThat(tookMs).isLessThan(2000);
        }
    }

    @Test
    void a_port_without_a_server_is_a_dns_error() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            port = probe.getLocalPort();
        }
        CheckResult result = TestChecks.run(ping("{name: www.example.test, server: \"127.0.0.1:" + port + "\"}"),
                Map.of());

        assertThat(result.error().kind()).isEqualTo(ErrorKind.DNS);
        assertThat(result.error().message()).isEqualTo("cannot ask 127.0.0.1:" + port + " for www.example.test A:"
                + " port unreachable over UDP (is a DNS server listening there?)");
        assertThat(step(result).dns()).isNull();
    }

    @Test
    void a_truncated_answer_is_asked_again_over_tcp_and_arrives_whole() throws Exception {
        try (DnsRelay relay = new DnsRelay(dnsmasq.port())) {
            CheckResult result = TestChecks.run(ping("{name: big.example.test, type: TXT, server: \"" + relay.server()
                    + "\"}"), Map.of());

            StepResult step = step(result);
            assertThat(result.ok()).as("%s", result.error()).isTrue();
            assertThat(step.dns().answers()).isEqualTo(BIG_TXT);
            assertThat(step.dns().transport()).isEqualTo("tcp");
            assertThat(relay.udpQueries()).as("over UDP first").isEqualTo(1);
            assertThat(relay.tcpQueries()).as("then over TCP").isEqualTo(1);
        }
    }

    @Test
    void an_answer_that_fits_stays_on_udp_and_transport_tcp_asks_over_tcp_only() throws Exception {
        try (DnsRelay relay = new DnsRelay(dnsmasq.port())) {
            StepResult udp = step(TestChecks.run(ping("{name: www.example.test, server: \"" + relay.server() + "\"}"),
                    Map.of()));
            assertThat(udp.dns().transport()).isEqualTo("udp");
            assertThat(relay.udpQueries()).isEqualTo(1);
            assertThat(relay.tcpQueries()).isZero();

            StepResult tcp = step(TestChecks.run(ping("{name: www.example.test, server: \"" + relay.server()
                    + "\", transport: tcp}"), Map.of()));
            assertThat(tcp.ok()).isTrue();
            assertThat(tcp.dns().transport()).isEqualTo("tcp");
            assertThat(tcp.dns().answers()).containsExactly("192.0.2.10", "192.0.2.11");
            assertThat(relay.udpQueries()).isEqualTo(1);
            assertThat(relay.tcpQueries()).isEqualTo(1);
        }
    }

    @Test
    void without_a_server_the_system_resolvers_are_asked_in_turn() throws Exception {
        int dead;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            dead = probe.getLocalPort();
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<InetSocketAddress> system = List.of(new InetSocketAddress(loopback, dead),
                new InetSocketAddress(loopback, dnsmasq.port()));
        StepExecutors executors = StepExecutors.of(List.of(new DnsStepExecutor(() -> system)));
        Check check = ping("{name: www.example.test, type: AAAA}");
        try (CheckRunner runner = new CheckRunner(executors, Clock.systemUTC())) {
            CheckResult result = runner.run(check, RunOptions.defaults());

            StepResult step = step(result);
            assertThat(result.ok()).as("%s", result.error()).isTrue();
            assertThat(step.dns().server()).isEqualTo(dnsmasq.server());
            assertThat(step.dns().answers()).containsExactly("2001:db8::1");
            assertThat(step.request().url()).isEqualTo("dns:www.example.test?type=AAAA");
        }
        try (CheckRunner runner = new CheckRunner(StepExecutors.of(List.of(new DnsStepExecutor(List::of))),
                Clock.systemUTC())) {
            CheckResult none = runner.run(check, RunOptions.defaults());
            assertThat(none.error().kind()).isEqualTo(ErrorKind.DNS);
            assertThat(none.error().message()).isEqualTo("this probe has no DNS server to ask for www.example.test"
                    + " AAAA: /etc/resolv.conf names none; give the step a server, e.g. server: 127.0.0.1:53");
        }
    }

    @Test
    void a_scenario_step_takes_its_name_and_server_from_variables() throws Exception {
        Check check = TestChecks.parse("""
                name: dns-scenario
                kind: scenario
                timeout: 3s
                retries: 0
                variables: {resolver: "127.0.0.1:1", host: www}
                steps:
                  - name: mail
                    dns: {name: "example.test", type: MX, server: "${resolver}"}
                    expect: ["[BODY] == pat(10 mail.example.test.*)"]
                  - name: www
                    dns: {name: "${host}.example.test", server: "${resolver}"}
                """);
        CheckResult result = TestChecks.run(check, Map.of("resolver", dnsmasq.server()));

        assertThat(result.ok()).as("%s", result.error()).isTrue();
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("mail", "www");
        assertThat(result.steps().get(1).dns().answers()).containsExactly("192.0.2.10", "192.0.2.11");

        CheckResult bad = TestChecks.run(check, Map.of("resolver", dnsmasq.server(), "host", "not a label"));
        assertThat(bad.error().kind()).isEqualTo(ErrorKind.SCRIPT);
        assertThat(bad.error().message()).startsWith("\"not a label.example.test\" (the dns step's name, after"
                + " variables) is not a DNS name; write labels of letters, digits");
    }
}
