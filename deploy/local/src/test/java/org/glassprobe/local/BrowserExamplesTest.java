package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which examples the local network leaves out on a machine without Chromium, instead of showing outages. */
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
}
