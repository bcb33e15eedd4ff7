package org.glassprobe.scenarios.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.OutagePolicy;
import org.junit.jupiter.api.Test;

/** The outage section of a check file, read into the policy the results API decides by. */
class OutageSyntaxTest {
    private static OutagePolicy read(String outage) throws InvalidCheckException {
        String text = "name: site\nkind: ping\ninterval: 30s\nregions: [eu-west, us-east, ap-south]\n"
                + (outage == null ? "" : "outage: " + outage + "\n") + "http: {url: \"http://127.0.0.1:8081/health\"}\n";
        Check check = CheckLanguage.standard().parser().parse(new Check.Source("site.yaml", text, "yaml"),
                FileResolver.none());
        return check.outage();
    }

    @Test
    void without_a_section_the_defaults_apply() throws Exception {
        OutagePolicy p = read(null);
        assertThat(p).isEqualTo(OutagePolicy.DEFAULT);
        assertThat(p.quorum().required(1)).isEqualTo(1);
        assertThat(p.quorum().required(2)).isEqualTo(2);
        assertThat(p.quorum().required(3)).isEqualTo(2);
        assertThat(p.quorum().required(4)).isEqualTo(3);
        assertThat(p.recovery()).isEqualTo(2);
        assertThat(p.degraded()).isEqualTo(OutagePolicy.Degraded.DEFAULT);
        assertThat(p.confirm()).as("confirmation runs are on unless the author turns them off").isTrue();
    }

    @Test
    void confirmation_runs_can_be_turned_off() throws Exception {
        assertThat(read("{confirm: false}").confirm()).isFalse();
        assertThat(read("{confirm: true}")).isEqualTo(OutagePolicy.DEFAULT);
    }

    @Test
    void every_key_is_read() throws Exception {
        OutagePolicy p = read("{quorum: 2, failures: 3, within: 2m, recovery: 4,"
                + " degraded: {baseline: p95, factor: 1.5, floor: 250ms, runs: 5}}");
        assertThat(p.quorum().required(3)).isEqualTo(2);
        assertThat(p.quorum().required(1)).as("a count is not lowered when fewer regions vote").isEqualTo(2);
        assertThat(p.failures()).isEqualTo(3);
        assertThat(p.within()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.recovery()).isEqualTo(4);
        assertThat(p.degraded()).isEqualTo(new OutagePolicy.Degraded(true, 95, 1.5, Duration.ofMillis(250), 5));
    }

    @Test
    void a_share_is_rounded_up_and_degradation_can_be_switched_off() throws Exception {
        OutagePolicy p = read("{quorum: 60%, degraded: false}");
        assertThat(p.quorum().required(3)).isEqualTo(2);
        assertThat(p.quorum().required(5)).isEqualTo(3);
        assertThat(p.quorum().required(1)).isEqualTo(1);
        assertThat(p.quorum().describe()).isEqualTo("60%");
        assertThat(p.degraded().enabled()).isFalse();
        assertThat(read("{quorum: majority}").quorum()).isEqualTo(OutagePolicy.Quorum.MAJORITY);
    }
}
