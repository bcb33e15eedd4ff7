package org.glassprobe.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.TlsInfo;
import org.junit.jupiter.api.Test;

/** What {@code run} prints of a run over TLS that passed with a warning. */
class ResultTableTest {
    @Test
    void a_warned_run_says_so_with_its_warn_conditions_and_the_tls_it_saw() throws Exception {
        Check check = CheckLanguage.standard().parse(new Check.Source("c.yaml", "name: c\nkind: ping\n"
                + "http: {url: \"https://shop.example/\"}\nwarn: [\"[CERTIFICATE_EXPIRATION] > 14d\"]\n", "yaml"),
                FileResolver.directory(Path.of(".")));
        Instant expiry = Instant.parse("2026-12-12T00:00:00Z");
        TlsInfo tls = new TlsInfo("TLS 1.3", "TLS_AES_128_GCM_SHA256", "CN=shop.example", "CN=Example CA", "0a",
                expiry.plusSeconds(86_400 * 30), expiry, "CN=Example Intermediate", true, true, null);
        StepResult step = new StepResult("http", "http", true, 20, new StepResult.Request("GET",
                "https://shop.example/"), 200, new Phases(1, 2, 5, 10, 2), List.of(), Map.of(), null, Map.of(),
                List.of(), null, null, null, null, tls,
                List.of(new ConditionResult("[CERTIFICATE_EXPIRATION] > 14d", false, "432000000", "14d", false)));
        CheckResult result = new CheckResult(UUID.randomUUID(), "c", "ping", Instant.parse("2026-12-07T00:00:00Z"),
                20, true, 1, List.of(step), null, List.of());

        String out = new ResultTable(check).render(result);

        assertThat(out).startsWith("✓ c passed with a warning in 20")
                .contains("    ! warn: [CERTIFICATE_EXPIRATION] > 14d  actual: 432000000\n")
                .contains("    tls: TLS 1.3, TLS_AES_128_GCM_SHA256; CN=shop.example issued by CN=Example CA; chain"
                        + " expires 2026-12-12T00:00:00Z (CN=Example Intermediate); trusted, names the host\n")
                .contains("! warning: step \"http\": condition [CERTIFICATE_EXPIRATION] > 14d failed: actual 432000000");
    }
}
