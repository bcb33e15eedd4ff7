package org.glassprobe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A journey across the local network's three regions, with the demo site as the store: eu-west
 * uploads an image every round; us-east sees new images only 2 s after their upload, ap-south never.
 * The API must record us-east's propagation (about 2 s, never less), and ap-south's failure must be
 * a regional failure of the check, decided by the quorum like any other, not an outage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyIT {
    private static final String CHECK = "propagation";
    private static final long LAG_MS = 2000;
    private LocalNetwork network;

    @BeforeAll
    void start() throws Exception {
        int base = NetworkFixture.freeBasePort();
        network = LocalNetwork.start(new LocalNetwork.Options(NetworkFixture.ROOT,
                NetworkFixture.ROOT.resolve("deploy/local/target/it-journey-" + base), base, LocalNetwork.REGIONS, null,
                true, false, Map.of(), List.of("--pull-interval", "1s", "--heartbeat-interval", "1s"))
                .withDemoArgs(List.of("--lag", "us-east=" + LAG_MS + "ms", "--lag", "ap-south=never")), System.out);
    }

    @AfterAll
    void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void a_lagging_region_measures_its_lag_and_a_region_that_never_sees_the_object_fails_alone() throws Exception {
        String text = """
                name: %s
                kind: scenario
                interval: 10s
                timeout: 6s
                retries: 0
                regions: [eu-west, us-east, ap-south]
                variables: {target: ~}
                steps:
                  - name: upload
                    http:
                      method: POST
                      url: ${target}/api/images
                      body: {multipart: [{name: file, file: images/glassprobe.png}]}
                    capture: {image_url: {json: url}}
                journey:
                  writer: eu-west
                  publish: {step: upload, url: "${target}${image_url}"}
                  read: {http: {url: "${object_url}", headers: {X-Demo-Region: "${probe.region}"}}}
                  every: 200ms
                  expect: ["[PROPAGATION] < 5s"]
                """.formatted(CHECK);
        byte[] image = Files.readAllBytes(NetworkFixture.ROOT.resolve("scenarios/examples/images/glassprobe.png"));
        network.admin().putCheck(CHECK, CHECK + ".yaml", text.getBytes(StandardCharsets.UTF_8),
                Map.of("images/glassprobe.png", image));

        // three rounds in which us-east read a fresh object
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> region(propagation(), "us-east").path("count").asLong() >= 3);

        JsonNode figures = propagation();
        JsonNode usEast = region(figures, "us-east");
        // the store starts the lag once it has stored the image, at some instant of the upload; propagation
        // counts from the upload's answer, so it may be shorter than the lag by at most the upload's time
        Map<String, Double> uploadMs = new java.util.HashMap<>();
        for (JsonNode r : network.admin().results(CHECK)) {
            JsonNode journey = r.path("result").path("journey");
            if (journey.path("role").asText().equals("writer") && journey.path("object").isObject()) {
                java.time.Instant began = java.time.Instant.parse(journey.path("object").path("uploadStartedAt").asText());
                java.time.Instant answered = java.time.Instant.parse(journey.path("object").path("uploadedAt").asText());
                uploadMs.put(r.path("result").path("id").asText(), (double) Duration.between(began, answered).toMillis());
            }
        }
        int measured = 0;
        for (JsonNode point : usEast.path("series")) {
            if (!point.path("propagationMs").isNumber()) {
                continue;
            }
            measured++;
            double propagation = point.path("propagationMs").asDouble();
            Double upload = uploadMs.get(point.path("objectId").asText());
            assertThat(upload).as("the writer's result of object %s", point.path("objectId")).isNotNull();
            assertThat(propagation + upload).as("%s: never less than the lag, counted from the upload's start", point)
                    .isGreaterThanOrEqualTo(LAG_MS - 5.0);
            assertThat(propagation).as("%s: within the reads' pace (200 ms) and a read's time of the lag", point)
                    .isLessThan(LAG_MS + 1000.0);
            assertThat(point.path("writerRegion").asText()).isEqualTo("eu-west");
            assertThat(point.path("upperBound").asBoolean()).as("us-east reads before the image is there").isFalse();
            assertThat(point.path("failuresBefore").path("missing").asInt())
                    .as("us-east's reads before the lag ends find nothing (404)").isPositive();
        }
        assertThat(measured).as(usEast.toString()).isGreaterThanOrEqualTo(3);
        assertThat(usEast.path("notReadInTime").asLong()).isZero();

        JsonNode apSouth = region(figures, "ap-south");
        assertThat(apSouth.path("count").asLong()).as("ap-south never reads the bytes").isZero();
        assertThat(apSouth.path("notReadInTime").asLong()).isPositive();

        // the decision: ap-south alone fails, which is a regional failure, not an outage
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                checkState().path("state").asText().equals("regional_failure"));
        JsonNode state = checkState();
        assertThat(regionState(state, "ap-south")).as(state.toString()).isEqualTo("outage");
        assertThat(regionState(state, "us-east")).as(state.toString()).isEqualTo("operational");
        assertThat(regionState(state, "eu-west")).as(state.toString()).isEqualTo("operational");
        JsonNode regional = NetworkFixture.admin(network, "GET", "/api/v1/outages?check=" + CHECK + "&kind=regional",
                null, 200).path("incidents");
        assertThat(regional).as(regional.toString()).hasSize(1);
        assertThat(regional.get(0).path("regions").toString()).isEqualTo("[\"ap-south\"]");
        assertThat(regional.get(0).path("resolvedAt").isNull()).isTrue();
        assertThat(NetworkFixture.admin(network, "GET", "/api/v1/outages?check=" + CHECK + "&kind=outage", null, 200)
                .path("incidents")).as("no outage: one region of three is under the quorum").isEmpty();

        // ap-south's results say why, with the reads it made
        JsonNode failed = null;
        for (JsonNode r : network.admin().results(CHECK)) {
            JsonNode result = r.path("result");
            if (r.path("probe").asText().equals("local-ap-south") && !result.path("ok").asBoolean()
                    && result.path("journey").path("fresh").asBoolean()) {
                failed = result;
            }
        }
        assertThat(failed).as("a failed fresh read from ap-south").isNotNull();
        assertThat(failed.path("error").path("message").asText())
                .startsWith("ap-south did not read the object written by local-eu-west (eu-west)")
                .contains("missing (404)");

        // and the page shows the propagation
        String page = NetworkFixture.get(network.apiUrl() + "/checks/" + CHECK);
        assertThat(page).contains("us-east").containsIgnoringCase("propagation");
    }

    private JsonNode checkState() throws Exception {
        return NetworkFixture.admin(network, "GET", "/api/v1/outages?check=" + CHECK, null, 200).path("checks").path(0);
    }

    private JsonNode propagation() throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                NetworkFixture.get(network.apiUrl() + "/api/v1/checks/" + CHECK + "/propagation"));
    }

    private static JsonNode region(JsonNode figures, String region) {
        for (JsonNode r : figures.path("regions")) {
            if (r.path("region").asText().equals(region)) {
                return r;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String regionState(JsonNode state, String region) {
        for (JsonNode r : state.path("regions")) {
            if (r.path("region").asText().equals(region)) {
                return r.path("state").asText();
            }
        }
        return "";
    }
}
