package org.glassprobe.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.junit.jupiter.params.provider.CsvSource;

class FaultAdminRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoSite site;
    private static SiteClient admin;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.ephemeral());
        admin = new SiteClient(site.adminUrl());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @AfterEach
    void clearFault() {
        site.clearFault();
    }

    @Test
    void get_returns_the_fault_in_force() throws IOException {
        assertThat(getFaults()).isEqualTo("{\"mode\":\"none\",\"value\":0}");

        site.setFault(FaultMode.SLOW, 250);

        assertThat(getFaults()).isEqualTo("{\"mode\":\"slow\",\"value\":250}");
    }

    @Test
    void post_sets_the_fault_and_returns_the_new_state() throws IOException {
        try (Response response = admin.post("/admin/faults?mode=flaky&value=25", empty())) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"mode\":\"flaky\",\"value\":25}");
        }
        assertThat(site.fault()).isEqualTo(Fault.of(FaultMode.FLAKY, 25));
        assertThat(getFaults()).isEqualTo("{\"mode\":\"flaky\",\"value\":25}");
    }

    @Test
    void mode_none_clears_the_fault() throws IOException {
        site.setFault(FaultMode.DOWN);

        try (Response response = admin.post("/admin/faults?mode=none", empty())) {
            assertThat(response.body().string()).isEqualTo("{\"mode\":\"none\",\"value\":0}");
        }
        try (Response health = new SiteClient(site.baseUrl()).get("/health")) {
            assertThat(health.code()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "''                   | mode  | NULL     | none, down, refuse, slow, corrupt, flaky, hang",
            "?mode=sideways       | mode  | sideways | none, down, refuse, slow, corrupt, flaky, hang",
            "?mode=slow           | value | NULL     | an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "?mode=slow&value=-5  | value | -5       | an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "?mode=slow&value=fast| value | fast     | an integer from 0 to 600000 (milliseconds added before the response), required by mode 'slow'",
            "?mode=flaky&value=101| value | 101      | an integer from 0 to 100 (percent of requests that fail with 500), required by mode 'flaky'",
            "?mode=hang&value=1   | value | 1        | no value: mode 'hang' takes none (only slow and flaky take a value)",
    })
    void bad_input_is_400_naming_the_parameter_the_value_found_and_the_allowed_values_and_changes_nothing(
            String query, String parameter, String found, String allowed) throws IOException {
        site.setFault(FaultMode.SLOW, 300);

        try (Response response = admin.post("/admin/faults" + query, empty())) {
            assertThat(response.code()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body().string());
            assertThat(error.get("parameter").asText()).isEqualTo(parameter);
            assertThat(error.get("found").isNull() ? null : error.get("found").asText()).isEqualTo(found);
            assertThat(error.get("allowed").asText()).isEqualTo(allowed);
            assertThat(error.get("error").asText())
                    .startsWith("query parameter '" + parameter + "'")
                    .contains(allowed);
        }
        assertThat(site.fault()).isEqualTo(Fault.of(FaultMode.SLOW, 300));
        assertThat(getFaults()).isEqualTo("{\"mode\":\"slow\",\"value\":300}");
    }

    @Test
    void the_stored_images_are_counted_on_the_admin_port() throws IOException {
        new SiteClient(site.baseUrl()).uploadForJson(SiteClient.PNG);

        try (Response response = admin.get("/admin/images")) {
            JsonNode stats = JSON.readTree(response.body().string());
            assertThat(stats.get("count").asInt()).isEqualTo(site.imageStats().count()).isPositive();
            assertThat(stats.get("totalBytes").asLong()).isEqualTo(site.imageStats().totalBytes());
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
}
