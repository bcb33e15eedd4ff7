package org.glassprobe.scenarios.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a dns step is read: defaults, what is checked before a run, and what is left to the run. */
class DnsStepSyntaxTest {
    private static DnsStep only(Check check) {
        return (DnsStep) check.steps().get(0);
    }

    @Test
    void a_ping_asks_for_a_records_over_udp_of_the_system_resolver_and_expects_noerror_by_default() throws Exception {
        DnsStep step = only(TestChecks.parse("name: d\nkind: ping\ndns: {name: www.example.org}\n"));

        assertThat(step.type()).isEqualTo(DnsStep.RecordType.A);
        assertThat(step.transport()).isEqualTo(DnsStep.Transport.UDP);
        assertThat(step.server()).isEmpty();
        assertThat(step.query().source()).isEqualTo("www.example.org");
        assertThat(step.conditions()).extracting(Condition::source, Condition::isImplicit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("[DNS_RCODE] == NOERROR", true));
    }

    @Test
    void a_condition_on_the_response_code_replaces_the_default_and_others_keep_it() throws Exception {
        DnsStep nx = only(TestChecks.parse("name: d\nkind: ping\ndns: {name: gone.example.org}\n"
                + "expect: [\"[DNS_RCODE] == NXDOMAIN\"]\n"));
        assertThat(nx.conditions()).extracting(Condition::source).containsExactly("[DNS_RCODE] == NXDOMAIN");

        DnsStep body = only(TestChecks.parse("name: d\nkind: ping\ndns: {name: www.example.org, type: AAAA,"
                + " server: \"[::1]:5353\", transport: tcp}\nexpect: [\"[BODY] == 2001:db8::1\", \"[RESPONSE_TIME] < 1s\"]\n"));
        assertThat(body.conditions()).extracting(Condition::source)
                .containsExactly("[BODY] == 2001:db8::1", "[RESPONSE_TIME] < 1s", "[DNS_RCODE] == NOERROR");
        assertThat(body.transport()).isEqualTo(DnsStep.Transport.TCP);
        assertThat(body.server().map(t -> t.source())).isEqualTo(Optional.of("[::1]:5353"));
    }

    @Test
    void a_server_or_name_with_a_variable_without_default_is_checked_when_it_runs() throws Exception {
        Check check = TestChecks.parse("name: d\nkind: ping\nvariables: {ns: ~, zone: ~}\n"
                + "dns: {name: \"www.${zone}\", server: \"${ns}\"}\n");
        assertThat(only(check).server()).isPresent();
    }

    @Test
    void a_server_or_name_with_a_default_is_checked_with_it() {
        assertThatThrownBy(() -> TestChecks.parse("name: d\nkind: ping\nvariables: {ns: \"dns://10.0.0.1\"}\n"
                + "dns: {name: www.example.org, server: \"${ns}\"}\n"))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("dns.server: \"dns://10.0.0.1\" is not a DNS server");
        assertThatThrownBy(() -> TestChecks.parse("name: d\nkind: ping\nvariables: {zone: \"a..b\"}\n"
                + "dns: {name: \"www.${zone}\"}\n"))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("dns.name: \"www.a..b\" is not a DNS name; write labels of letters");
    }

    @Test
    void a_response_code_is_compared_by_name_only() {
        assertThatThrownBy(() -> TestChecks.parse("name: d\nkind: ping\ndns: {name: www.example.org}\n"
                + "expect: [\"[DNS_RCODE] > 2\"]\n"))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("[DNS_RCODE] is a name such as NOERROR or NXDOMAIN; compare it with == or !=,"
                        + " found >");
        assertThatThrownBy(() -> TestChecks.parse("name: d\nkind: ping\ndns: {name: www.example.org}\n"
                + "expect: [\"[DNS_RCODE] == any(NOERROR, SERVFAIl)\"]\n"))
                .hasMessageContaining("\"SERVFAIl\" is not a DNS response code (did you mean \"SERVFAIL\"?)");
        assertThatThrownBy(() -> TestChecks.parse("name: d\nkind: ping\ndns: {name: www.example.org}\n"
                + "expect: [\"[STATUS] == 200\"]\n"))
                .hasMessageContaining("placeholder [STATUS] is not available here; allowed: [RESPONSE_TIME], [BODY],"
                        + " [DNS_RCODE]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:5353 | 127.0.0.1:5353",
        "127.0.0.1      | 127.0.0.1:53",
        "::1            | [::1]:53",
        "[::1]:5353     | [::1]:5353",
        "[2001:db8::53] | [2001:db8::53]:53",
        "ns1.example.org:5300 | ns1.example.org:5300",
        "localhost      | localhost:53"})
    void a_server_is_an_address_or_host_with_an_optional_port(String written, String read) {
        assertThat(DnsNames.server(written)).map(DnsNames.Server::toString).contains(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0", "127.0.0.1:65536", "256.0.0.1", "1.2.3", "dns://127.0.0.1", "[::1",
        "[::1]5353", "::g", "a b", "ns1..example.org", ":53", "127.0.0.1:"})
    void what_is_not_a_server(String written) {
        assertThat(DnsNames.server(written)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"www.example.org,true", "www.example.org.,true", ".,true", "_dmarc.example.org,true",
        "localhost,true", "a..b,false", "'',false", "exa mple.org,false", "bücher.example,false",
        "..,false"})
    void what_is_a_name(String name, boolean valid) {
        assertThat(DnsNames.isName(name)).isEqualTo(valid);
        assertThat(DnsNames.isName("a".repeat(64) + ".org")).isFalse();
        assertThat(DnsNames.isName(("a".repeat(63) + ".").repeat(4))).isFalse();
    }
}
