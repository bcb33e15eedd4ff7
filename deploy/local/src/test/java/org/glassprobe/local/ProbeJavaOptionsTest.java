package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The JVM options a probe is recommended to run with are the ones deploy/local and the benchmarks use. */
class ProbeJavaOptionsTest {
    @Test
    void the_docs_start_the_agent_with_the_options_deploy_local_starts_it_with() throws Exception {
        String command = "java " + String.join(" ", LocalNetwork.PROBE_JAVA_OPTIONS)
                + " -jar probe-node/target/glassprobe-probe.jar agent";

        assertThat(Files.readString(NetworkFixture.ROOT.resolve("docs/probe.md"))).contains(command);
        assertThat(Files.readString(NetworkFixture.ROOT.resolve("README.md"))).contains(command);
    }
}
