package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.VariableValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a probe says about a run beyond pass and fail reaches the user: which value each variable
 * had and where it came from, steps that did not run and why, a failed clean-up step of a passed
 * run. Through the real API over loopback, in the raw results route and on the check's page.
 */
class RunDetailsTest {
    @TempDir
    Path dir;

    @Test
    void variables_steps_not_run_and_a_failed_clean_up_are_shown_with_each_run() throws Exception {
        try (TestApi api = new TestApi(dir)) {
            String token = api.enrol("p-eu", "eu-west");
            TestApi.Answer pushed = api.putYaml("put", "name: put\nkind: scenario\nvariables: {store: ~}\nsteps:\n"
                    + "  - name: upload\n    http: {method: PUT, url: \"${store}/${run.id}\", body: {base64: eA==}}\n"
                    + "  - name: retrieve\n    http: {url: \"${store}/${run.id}\"}\n    integrity: upload\n"
                    + "cleanup:\n  - name: delete\n    http: {method: DELETE, url: \"${store}/${run.id}\"}\n");
            assertThat(pushed.status()).as(pushed.body()).isIn(200, 201);
            Phases phases = new Phases(0.1, 0.2, 0, 1.0, 0.1);
            StepResult upload = new StepResult("upload", "http", false, phases.sum(), new StepResult.Request("PUT",
                    "http://dav/1"), 507, phases, List.of(), Map.of(), null, Map.of(), List.of(),
                    new RunError(ErrorKind.STATUS, null, "condition [STATUS] < 400 failed: actual \"507\""));
            StepResult retrieve = StepResult.notRun("retrieve", "http", false, "not run: its integrity compares with"
                    + " the file step \"upload\" uploads, and \"upload\" failed");
            StepResult delete = new StepResult("delete", "http", false, phases.sum(), new StepResult.Request(
                    "DELETE", "http://dav/1"), 404, phases, List.of(), Map.of(), null, Map.of(), List.of(),
                    new RunError(ErrorKind.STATUS, null, "condition [STATUS] < 400 failed: actual \"404\""))
                    .asCleanup();
            CheckResult result = new CheckResult(UUID.randomUUID(), "put", "scenario", api.clock.instant(),
                    phases.sum(), false, 1, List.of(upload, retrieve, delete),
                    new RunError(ErrorKind.STATUS, "upload", "condition [STATUS] < 400 failed: actual \"507\""),
                    List.of(), Map.of("store", new VariableValue("http://dav", "probe")));
            assertThat(api.postResults(token, List.of(result)).status()).isEqualTo(200);

            JsonNode raw = api.get("/api/v1/checks/put/results", TestApi.ADMIN).json().path("results").get(0)
                    .path("result");
            assertThat(raw.path("variables").path("store").path("value").asText()).isEqualTo("http://dav");
            assertThat(raw.path("variables").path("store").path("from").asText()).isEqualTo("probe");
            assertThat(raw.path("steps").get(1).path("notRun").asText()).startsWith("not run: its integrity");
            assertThat(raw.path("steps").get(2).path("cleanup").asBoolean()).isTrue();

            // a passed run whose slow clean-up (100 ms) is neither its latency nor any of its phases
            StepResult passedUpload = new StepResult("upload", "http", true, phases.sum(), null, 201, phases,
                    List.of(), Map.of(), null, Map.of(), List.of(), null);
            Phases slow = new Phases(0, 0, 0, 100.0, 0);
            StepResult slowDelete = new StepResult("delete", "http", true, slow.sum(), null, 204, slow, List.of(),
                    Map.of(), null, Map.of(), List.of(), null).asCleanup();
            assertThat(api.postResults(token, List.of(new CheckResult(UUID.randomUUID(), "put", "scenario",
                    api.clock.instant(), phases.sum(), true, 1, List.of(passedUpload, slowDelete), null, List.of())))
                    .status()).isEqualTo(200);
            JsonNode latency = api.get("/api/v1/checks/put/summary", null).json().path("overall").path("latencyMs");
            assertThat(latency.path("total").path("p50").asDouble()).isLessThan(5);
            assertThat(latency.path("processing").path("p50").asDouble()).as(latency.toString()).isLessThan(5);

            String page = api.get("/checks/put", null).body();
            assertThat(page).contains("Variables: store = http://dav (probe)")
                    .contains("not run: its integrity compares with the file step \"upload\" uploads")
                    .contains("clean-up</span> · 404")
                    .contains("Clean-up step <strong>delete</strong>");
        }
    }
}
