package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example image-roundtrip-put.yaml against a WebDAV store that glassprobe did not write
 * (Debian's nginx): three probes run it at the same instants, each run writes its own file, the
 * bytes come back the same, and the always-run clean-up leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PutRoundTripIT {
    private static final Path EXAMPLE = NetworkFixture.ROOT.resolve("scenarios/examples/image-roundtrip-put.yaml");
    private static final Path IMAGE = NetworkFixture.ROOT.resolve("scenarios/examples/images/glassprobe.png");
    private static final ObjectMapper JSON = new ObjectMapper();
    private WebDavStore store;
    private LocalNetwork network;
    private Path runDir;

    @BeforeAll
    void start() throws Exception {
        WebDavStore.assumeInstalled();
        int base = NetworkFixture.freeBasePort();
        runDir = NetworkFixture.ROOT.resolve("deploy/local/target/it-put-" + base);
        store = WebDavStore.start(NetworkFixture.ROOT.resolve("deploy/local/target/it-put-" + base + "-nginx"));
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT, runDir, base, LocalNetwork.REGIONS,
                null, true, false, Map.of(), List.of("--pull-interval", "1s", "--var", "store=" + store.url())),
                System.out);
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** The example as written, but every 3 s (a second's timeout, no retries) so the test sees many runs. */
    private static String everyThreeSeconds() throws Exception {
        String text = Files.readString(EXAMPLE);
        String fast = text.replace("interval: 60s", "interval: 3s").replace("timeout: 10s", "timeout: 1s")
                .replace("retries: 1", "retries: 0");
        assertThat(fast).contains("interval: 3s", "timeout: 1s", "retries: 0", "${store}/${run.id}.png");
        return fast;
    }

    @Test
    void three_regions_at_the_same_instant_never_collide_and_leave_nothing_behind() throws Exception {
        network.admin().putCheck("image-roundtrip-put", "image-roundtrip-put.yaml",
                everyThreeSeconds().getBytes(StandardCharsets.UTF_8), Map.of("images/glassprobe.png",
                        Files.readAllBytes(IMAGE)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> LocalNetwork.REGIONS
                .stream().allMatch(region -> {
                    try {
                        return NetworkFixture.of(NetworkFixture.results(network, "image-roundtrip-put"),
                                LocalNetwork.probeName(region)).size() >= 4;
                    } catch (Exception e) {
                        return false;
                    }
                }));
        List<JsonNode> results = network.admin().results("image-roundtrip-put");
        network.admin().deleteCheck("image-roundtrip-put");
        // a run under way when the check was deleted still cleans up after itself
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> store.files().isEmpty());

        assertThat(results).as("every run passed: each read back the bytes it wrote")
                .allSatisfy(r -> assertThat(r.path("result").path("ok").asBoolean()).as(r.toString()).isTrue());
        for (JsonNode r : results) {
            JsonNode steps = r.path("result").path("steps");
            assertThat(steps).hasSize(3);
            assertThat(steps.get(1).path("integrity").path("ok").asBoolean()).isTrue();
            assertThat(steps.get(2).path("name").asText()).isEqualTo("delete");
            assertThat(steps.get(2).path("cleanup").asBoolean()).isTrue();
            assertThat(steps.get(2).path("ok").asBoolean()).isTrue();
            String id = r.path("result").path("id").asText();
            assertThat(steps.get(0).path("request").path("url").asText()).isEqualTo(store.url() + "/" + id + ".png");
        }

        // the three regions ran at the same instants (one schedule offset per check): same second, many times
        Map<Long, List<String>> bySecond = new TreeMap<>();
        for (JsonNode r : results) {
            long second = Instant.parse(r.path("result").path("startedAt").asText()).getEpochSecond();
            bySecond.computeIfAbsent(second, s -> new ArrayList<>()).add(r.path("probe").asText());
        }
        long sameSecond = bySecond.values().stream().filter(p -> p.stream().distinct().count() == 3).count();
        assertThat(sameSecond).as("seconds in which all three regions started a run: %s", bySecond)
                .isGreaterThanOrEqualTo(2);

        // nginx's own log: every PUT created a new file (201, never 204 "replaced"), each was read and deleted once
        List<String> log = store.accessLog().stream().filter(l -> l.matches("[A-Z]+ /dav/[^/]+ \\d+")).toList();
        List<String> puts = log.stream().filter(l -> l.startsWith("PUT ")).toList();
        assertThat(puts).hasSizeGreaterThanOrEqualTo(results.size()).allMatch(l -> l.endsWith(" 201"));
        Collection<List<String>> byUri = puts.stream().collect(Collectors.groupingBy(l -> l.split(" ")[1])).values();
        assertThat(byUri).as("no two runs wrote the same file").allMatch(same -> same.size() == 1);
        assertThat(log.stream().filter(l -> l.startsWith("GET "))).allMatch(l -> l.endsWith(" 200"));
        List<String> deletes = log.stream().filter(l -> l.startsWith("DELETE ")).toList();
        assertThat(deletes).hasSameSizeAs(puts).allMatch(l -> l.endsWith(" 204"));
    }

    @Test
    void bytes_changed_in_the_store_between_the_steps_fail_with_integrity_and_are_still_cleaned_up() throws Exception {
        // the example with one more step between upload and retrieve: other bytes PUT over the same file
        String text = Files.readString(EXAMPLE);
        String corrupting = text.replace("  - name: retrieve\n", """
                  - name: overwrite
                    http:
                      method: PUT
                      url: ${store}/${run.id}.png
                      body: {base64: "bm90IHRoZSBpbWFnZQ==", contentType: image/png}

                  - name: retrieve
                """);
        assertThat(corrupting).contains("name: overwrite");
        Path dir = runDir.resolve("corrupting");
        Files.createDirectories(dir.resolve("images"));
        Files.copy(IMAGE, dir.resolve("images/glassprobe.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("check.yaml"), corrupting);

        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                NetworkFixture.ROOT.resolve("probe-node/target/glassprobe-probe.jar").toString(), "run",
                dir.resolve("check.yaml").toString(), "--var", "store=" + store.url() + "/cli", "--json")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        byte[] out = run.getInputStream().readAllBytes();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode result = JSON.readTree(out);

        assertThat(run.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isEqualTo(1);
        assertThat(result.path("error").path("kind").asText()).isEqualTo("integrity");
        assertThat(result.path("error").path("step").asText()).isEqualTo("retrieve");
        JsonNode steps = result.path("steps");
        assertThat(steps.get(3).path("name").asText()).isEqualTo("delete");
        assertThat(steps.get(3).path("ok").asBoolean()).isTrue();
        String id = result.path("id").asText();
        assertThat(store.folder().resolve("cli/" + id + ".png")).as("the clean-up deleted the file").doesNotExist();
        assertThat(store.accessLog()).contains("PUT /dav/cli/" + id + ".png 201", "PUT /dav/cli/" + id + ".png 204",
                "DELETE /dav/cli/" + id + ".png 204");
    }
}
