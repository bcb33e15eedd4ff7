package org.glassprobe.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.SiteClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /admin/faults?...&region=R}: a fault for the requests with header {@code X-Demo-Region: R} only. */
class RegionFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoSite site;
    private static SiteClient client;
    private static SiteClient admin;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.ephemeral());
        client = new SiteClient(site.baseUrl(), Duration.ofSeconds(10), false);
        admin = new SiteClient(site.adminUrl());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @AfterEach
    void clearFaults() {
        site.clearFault();
    }

    @Test
    void a_region_fault_applies_only_to_requests_with_that_region_header() throws IOException {
        String state = post("mode=down&region=us-east", 200);

        assertThat(state).isEqualTo("{\"mode\":\"none\",\"value\":0,\"regions\":{\"us-east\":{\"mode\":\"down\",\"value\":0}}}");
        try (Response response = get("/health", "us-east")) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).contains("fault 'down' for region us-east");
        }
        for (String other : new String[] {"eu-west", "US-EAST", "us-east2", null}) {
            try (Response response = get("/health", other)) {
                assertThat(response.code()).as("region header %s", other).isEqualTo(200);
            }
        }
        assertThat(getFaults()).isEqualTo(state);
        assertThat(site.fault()).isEqualTo(Fault.NONE);
        assertThat(site.regionFaults()).containsExactly(Map.entry("us-east", Fault.of(FaultMode.DOWN)));
    }

    @Test
    void a_region_fault_replaces_the_fault_for_every_request_for_that_region_only() throws IOException {
        post("mode=down", 200);
        post("mode=flaky&value=100&region=ap-south", 200);

        try (Response response = get("/health", "ap-south")) {
            assertThat(response.code()).isEqualTo(500);
            assertThat(response.body().string()).contains("fault 'flaky 100' for region ap-south");
        }
        try (Response response = get("/health", "eu-west")) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).doesNotContain("region");
        }
        assertThat(getFaults()).isEqualTo(
                "{\"mode\":\"down\",\"value\":0,\"regions\":{\"ap-south\":{\"mode\":\"flaky\",\"value\":100}}}");
    }

    @Test
    void several_regions_each_have_their_own_fault_and_none_with_a_region_clears_that_one() throws IOException {
        post("mode=down&region=us-east", 200);
        post("mode=slow&value=700&region=eu-west", 200);
        assertThat(getFaults()).isEqualTo("{\"mode\":\"none\",\"value\":0,\"regions\":{"
                + "\"eu-west\":{\"mode\":\"slow\",\"value\":700},\"us-east\":{\"mode\":\"down\",\"value\":0}}}");

        String state = post("mode=none&region=us-east", 200);

        assertThat(state).isEqualTo("{\"mode\":\"none\",\"value\":0,\"regions\":{\"eu-west\":{\"mode\":\"slow\",\"value\":700}}}");
        try (Response response = get("/health", "us-east")) {
            assertThat(response.code()).isEqualTo(200);
        }
        long start = System.nanoTime();
        try (Response response = get("/health", "eu-west")) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void none_without_a_region_clears_every_fault_the_regions_included() throws IOException {
        post("mode=down", 200);
        post("mode=down&region=us-east", 200);
        post("mode=corrupt&region=eu-west", 200);

        assertThat(post("mode=none", 200)).isEqualTo("{\"mode\":\"none\",\"value\":0}");

        for (String region : new String[] {"us-east", "eu-west", null}) {
            try (Response response = get("/health", region)) {
                assertThat(response.code()).as("region header %s", region).isEqualTo(200);
            }
        }
        assertThat(site.regionFaults()).isEmpty();
    }

    @Test
    void a_fault_for_every_request_other_than_none_keeps_the_regions_faults() throws IOException {
        post("mode=down&region=us-east", 200);

        assertThat(post("mode=slow&value=0", 200))
                .isEqualTo("{\"mode\":\"slow\",\"value\":0,\"regions\":{\"us-east\":{\"mode\":\"down\",\"value\":0}}}");
        try (Response response = get("/health", "us-east")) {
            assertThat(response.code()).isEqualTo(503);
        }
    }

    @Test
    void corrupt_for_a_region_alters_the_image_bytes_for_that_region_only() throws IOException {
        String url = JSON.readTree(client.uploadForJson(SiteClient.PNG)).get("url").asText();
        post("mode=corrupt&region=sa-east", 200);

        try (Response response = get(url, "sa-east")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().bytes()).hasSameSizeAs(SiteClient.PNG).isNotEqualTo(SiteClient.PNG);
        }
        try (Response response = get(url, "us-east")) {
            assertThat(response.body().bytes()).isEqualTo(SiteClient.PNG);
        }
    }

    @Test
    void a_region_hang_holds_that_regions_requests_until_its_fault_is_cleared() throws Exception {
        post("mode=hang&region=us-east", 200);
        try (Socket held = sendRawGet("us-east")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> site.heldRequestCount() == 1);
            try (Response response = get("/health", "eu-west")) {
                assertThat(response.code()).isEqualTo(200);
            }
            post("mode=hang", 200); // the fault for every request entering and leaving hang leaves us-east's alone
            post("mode=down", 200);
            assertThat(site.heldRequestCount()).isEqualTo(1);

            post("mode=none&region=us-east", 200);

            assertThat(readStatusLine(held)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(site.heldRequestCount()).isZero();
        }
    }

    @Test
    void none_without_a_region_releases_the_requests_a_region_hang_holds() throws Exception {
        post("mode=hang&region=eu-west", 200);
        try (Socket held = sendRawGet("eu-west")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> site.heldRequestCount() == 1);

            post("mode=none", 200);

            assertThat(readStatusLine(held)).isEqualTo("HTTP/1.1 503 Service Unavailable");
        }
    }

    @Test
    void refuse_for_a_region_is_400_and_changes_nothing() throws IOException {
        post("mode=slow&value=5", 200);
        post("mode=down&region=us-east", 200);
        String before = getFaults();

        try (Response response = admin.post("/admin/faults?mode=refuse&region=us-east", empty())) {
            assertThat(response.code()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body().string());
            assertThat(error.get("parameter").asText()).isEqualTo("mode");
            assertThat(error.get("found").asText()).isEqualTo("refuse");
            assertThat(error.get("allowed").asText()).isEqualTo("none, down, slow, corrupt, flaky, hang (mode 'refuse'"
                    + " closes the listening socket, which every region shares: a connection is refused before its"
                    + " request says its region; set it without 'region')");
            assertThat(error.get("error").asText()).startsWith(
                    "query parameter 'mode' with 'region=us-east': found 'refuse'; allowed: none, down, slow,");
        }
        assertThat(getFaults()).isEqualTo(before);
        try (Response response = get("/health", "eu-west")) {
            assertThat(response.code()).isEqualTo(200); // still listening
        }
        assertThatThrownBy(() -> site.setFault("us-east", Fault.of(FaultMode.REFUSE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot apply to one region");
        assertThat(getFaults()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"US-East", "us east", "-us-east", "", "us_east", "a23456789012345678901234567890123"})
    void a_bad_region_is_400_naming_it_and_changes_nothing(String region) throws IOException {
        post("mode=down&region=us-east", 200);
        String before = getFaults();

        try (Response response = admin.post("/admin/faults?mode=slow&value=10&region="
                + java.net.URLEncoder.encode(region, StandardCharsets.UTF_8), empty())) {
            assertThat(response.code()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body().string());
            assertThat(error.get("parameter").asText()).isEqualTo("region");
            assertThat(error.get("found").asText()).isEqualTo(region);
            assertThat(error.get("allowed").asText()).isEqualTo("one region of 1 to 32 of a-z, 0-9 and '-', not"
                    + " starting with '-', as the probes' regions are (us-east, eu-west); the fault then applies only"
                    + " to requests whose header X-Demo-Region is that region");
            assertThat(error.get("error").asText()).startsWith("query parameter 'region': found '" + region + "'; allowed: ");
        }
        assertThat(getFaults()).isEqualTo(before);
    }

    @Test
    void a_region_given_twice_is_400() throws IOException {
        try (Response response = admin.post("/admin/faults?mode=down&region=us-east&region=eu-west", empty())) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(JSON.readTree(response.body().string()).get("found").asText()).isEqualTo("us-east,eu-west");
        }
        assertThat(site.regionFaults()).isEmpty();
    }

    private static Response get(String path, String region) throws IOException {
        Request.Builder request = new Request.Builder().url(site.baseUrl() + path);
        if (region != null) {
            request.header(RegionLags.HEADER, region);
        }
        return client.http().newCall(request.build()).execute();
    }

    private static String post(String query, int expectedStatus) throws IOException {
        try (Response response = admin.post("/admin/faults?" + query, empty())) {
            String body = response.body().string();
            assertThat(response.code()).as(query + ": " + body).isEqualTo(expectedStatus);
            return body;
        }
    }

    private static String getFaults() throws IOException {
        try (Response response = admin.get("/admin/faults")) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().string();
        }
    }

    private static RequestBody empty() {
        return RequestBody.create(new byte[0], null);
    }

    private static Socket sendRawGet(String region) throws IOException {
        Socket socket = new Socket("127.0.0.1", site.port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + RegionLags.HEADER + ": " + region
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static String readStatusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
