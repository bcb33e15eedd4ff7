package org.glassprobe.scenarios.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    private static CheckResult sample() {
        StepResult failed = new StepResult("retrieve", "http", false, 3.25,
                new StepResult.Request("GET", "http://127.0.0.1:8081/images/1"), 200,
                new Phases(0.01, 0.2, 0, 2.5, 0.4),
                List.of(new ConditionResult("[STATUS] == 200", true, "200", "200", false)),
                Map.of(), new Integrity(false, "images/a.png", "upload",
                        new Integrity.Content("aa", 3, "image/png"), new Integrity.Content("bb", 3, "image/png")),
                Map.of(), List.of(), new RunError(ErrorKind.INTEGRITY, null, "bytes differ"));
        Attempt first = new Attempt(1, Instant.parse("2026-11-25T15:00:00Z"), 4.5, false, List.of(failed),
                new RunError(ErrorKind.INTEGRITY, "retrieve", "bytes differ"));
        Attempt second = new Attempt(2, Instant.parse("2026-11-25T15:00:01.250Z"), 4.0, false, List.of(failed),
                new RunError(ErrorKind.INTEGRITY, "retrieve", "bytes differ"));
        return CheckResult.of(UUID.fromString("7f0c2a8e-6c39-4bb3-9d6e-0a3c5f2f9b11"), "image-roundtrip", "scenario",
                List.of(first, second));
    }

    @Test
    void result_survives_the_wire_unchanged() throws Exception {
        CheckResult result = sample();
        assertThat(ResultJson.fromJson(ResultJson.toJson(result))).isEqualTo(result);
    }

    @Test
    void wire_form_is_the_documented_one() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ResultJson.toJson(sample()));
        assertThat(json.get("id").asText()).isEqualTo("7f0c2a8e-6c39-4bb3-9d6e-0a3c5f2f9b11");
        assertThat(json.get("startedAt").asText()).isEqualTo("2026-11-25T15:00:01.250Z");
        assertThat(json.get("attempt").asInt()).isEqualTo(2);
        assertThat(json.get("error").get("kind").asText()).isEqualTo("integrity");
        assertThat(json.get("steps").get(0).get("phases").get("processing").asDouble()).isEqualTo(2.5);
        assertThat(json.get("earlierAttempts")).hasSize(1);
        assertThat(json.has("allAttempts")).isFalse();
        assertThat(json.fieldNames()).toIterable().containsExactly("id", "check", "kind", "startedAt", "durationMs",
                "ok", "attempt", "steps", "error", "earlierAttempts", "variables");
        assertThat(json.get("steps").get(0).has("cleanup")).as("only a clean-up step says so").isFalse();
        assertThat(json.get("steps").get(0).has("notRun")).as("only a step that did not run says so").isFalse();
    }

    @Test
    void an_error_kind_from_a_newer_probe_reads_as_other() throws Exception {
        String json = ResultJson.toJson(sample()).replace("\"kind\":\"integrity\"", "\"kind\":\"quantum\"");
        CheckResult read = ResultJson.fromJson(json);
        assertThat(read.error().kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(read.steps().get(0).error().kind()).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void readers_ignore_fields_they_do_not_know_so_versions_can_mix() throws Exception {
        String json = ResultJson.toJson(sample()).replaceFirst("\\{", "{\"probeFromTheFuture\":{\"x\":1},");
        assertThat(ResultJson.fromJson(json)).isEqualTo(sample());
    }
}
