package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which examples the local network leaves out, instead of showing outages: the browser ones on a
 * machine without Chromium, and the DNS one, whose name server it does not run.
 */
class BrowserExamplesTest {
    @Test
    void the_browser_examples_are_known_as_such_and_the_others_are_not() throws Exception {
        Map<String, Boolean> needs = new TreeMap<>();
        try (var files = Files.list(NetworkFixture.ROOT.resolve("scenarios/examples"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                needs.put(name, LocalNetwork.needsBrowser(name, Files.readString(f)));
            }
        }
        assertThat(needs).containsEntry("image-roundtrip-browser.yaml", true)
                .containsEntry("ImageRoundTrip.java", true)
                .containsEntry("image-roundtrip-http.yaml", false)
                .containsEntry("image-roundtrip-put.yaml", false)
                .containsEntry("ping.yaml", false);
    }

    @Test
    void the_dns_example_is_known_to_need_a_name_server_and_the_others_are_not() throws Exception {
        Map<String, Boolean> needs = new TreeMap<>();
        try (var files = Files.list(NetworkFixture.ROOT.resolve("scenarios/examples"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                needs.put(f.getFileName().toString(), LocalNetwork.needsNameServer(Files.readString(f)));
            }
        }
        assertThat(needs).containsEntry("dns.yaml", true).containsEntry("ping.yaml", false)
                .containsEntry("image-roundtrip-http.yaml", false).containsEntry("ImageRoundTrip.java", false);
    }
}
