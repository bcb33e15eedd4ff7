package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.DnsResponse;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dns check through the real API over loopback: pushed and validated (without dnsjava on the
 * API's class path), its results stored with their answers, counted in the latency's resolve
 * phase, its failure shown on the check's page and in /metrics.
 */
class DnsResultsTest {
    @TempDir
    Path dir;

    private static StepResult dnsStep(boolean ok, double ms, String rcode, List<String> answers, RunError error) {
        return new StepResult("dns", "dns", ok, ms, new StepResult.Request("QUERY",
                "dns://127.0.0.1:5300/www.example.test?type=A"), null, new Phases(ms, 0, 0, 0, 0),
                List.of(new ConditionResult("[DNS_RCODE] == NOERROR", ok, rcode, "NOERROR", true)), null, null, null,
                null, error, null, null, new DnsResponse("127.0.0.1:5300", "udp", rcode, answers), null, null);
    }

    @Test
    void a_dns_check_is_accepted_stored_with_its_answers_and_shown() throws Exception {
        try (TestApi api = new TestApi(dir)) {
            String token = api.enrol("p-eu", "eu-west");
            assertThat(api.post("/api/v1/probe/heartbeat", token, "{}").status()).isEqualTo(200);
            TestApi.Answer pushed = api.putYaml("dns-www", "name: dns-www\nkind: ping\ninterval: 30s\ntimeout: 5s\n"
                    + "dns: {name: www.example.test, type: A, server: \"127.0.0.1:5300\"}\n"
                    + "expect: [\"[BODY] == 192.0.2.10\"]\n");
            assertThat(pushed.status()).as(pushed.body()).isIn(200, 201);
            TestApi.Answer refused = api.putYaml("dns-bad", "name: dns-bad\nkind: ping\n"
                    + "dns: {name: www.example.test, type: SRV}\n");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("\\\"SRV\\\" is not a record type a dns step asks for");

            StepResult passed = dnsStep(true, 1.5, "NOERROR", List.of("192.0.2.10"), null);
            RunError nx = new RunError(ErrorKind.DNS, null, "www.example.test A: NXDOMAIN from 127.0.0.1:5300"
                    + " (condition [DNS_RCODE] == NOERROR (default) failed)");
            StepResult failed = dnsStep(false, 2.5, "NXDOMAIN", List.of(), nx);
            assertThat(api.postResults(token, List.of(
                    new CheckResult(UUID.randomUUID(), "dns-www", "ping", api.clock.instant().minusSeconds(30), 1.5,
                            true, 1, List.of(passed), null, List.of()),
                    new CheckResult(UUID.randomUUID(), "dns-www", "ping", api.clock.instant(), 2.5, false, 1,
                            List.of(failed), nx.inStep("dns"), List.of()))).status()).isEqualTo(200);

            JsonNode results = api.get("/api/v1/checks/dns-www/results", TestApi.ADMIN).json().path("results");
            assertThat(results).hasSize(2);
            JsonNode dns = results.get(1).path("result").path("steps").get(0).path("dns");
            assertThat(dns.path("answers").get(0).asText()).as(results.toString()).isEqualTo("192.0.2.10");
            assertThat(dns.path("rcode").asText()).isEqualTo("NOERROR");
            assertThat(results.get(0).path("result").path("error").path("kind").asText()).isEqualTo("dns");

            JsonNode latency = api.get("/api/v1/checks/dns-www/summary", null).json().path("overall")
                    .path("latencyMs");
            assertThat(latency.path("resolve").path("p50").asDouble()).as(latency.toString()).isPositive();

            String page = api.get("/checks/dns-www", null).body();
            assertThat(page).contains("<code class=\"kind\">dns</code> in step <strong>dns</strong>: <span class=\"error-message\">"
                            + "www.example.test A: NXDOMAIN from 127.0.0.1:5300")
                    .contains("<li><strong>dns</strong> <span class=\"muted\">dns</span> · 2.5 ms")
                    .contains("[DNS_RCODE] == NOERROR (was NXDOMAIN)");
            assertThat(api.get("/metrics", TestApi.ADMIN).body())
                    .contains("probe_success{check=\"dns-www\",probe=\"p-eu\",region=\"eu-west\"} 0.0");
        }
    }
}
