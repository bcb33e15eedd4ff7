package org.glassprobe.scenarios.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    private final ObjectMapper json = ResultJson.newMapper();

    @Test
    void the_api_writes_the_documented_shape_without_empty_or_null_parts() throws Exception {
        assertThat(json.writeValueAsString(ErrorBody.of("no route GET /x; see docs/api.md")))
                .isEqualTo("{\"error\":\"no route GET /x; see docs/api.md\"}");
        assertThat(json.writeValueAsString(new ErrorBody("2 of 3 results cannot be taken", List.of(
                new ErrorBody.ItemProblem(2, null, "results[2].check", "no check named 'gone' is known to the API"),
                Map.of("file", "x.yaml")))))
                .isEqualTo("{\"error\":\"2 of 3 results cannot be taken\",\"problems\":[{\"item\":2,"
                        + "\"path\":\"results[2].check\",\"message\":\"no check named 'gone' is known to the API\"},"
                        + "{\"file\":\"x.yaml\"}]}");
    }

    @Test
    void a_probe_reads_back_the_first_refused_item_of_a_batch() throws Exception {
        ErrorBody written = new ErrorBody("refused", List.of(new ErrorBody.ItemProblem(3, "b", "results[3]", "late"),
                new ErrorBody.ItemProblem(1, "a", "results[1].check", "gone")));
        ErrorBody read = ErrorBody.read(json.readTree(json.writeValueAsString(written)), "HTTP 422");
        assertThat(read).isEqualTo(written);
        assertThat(read.firstItem()).hasValue(1);
    }

    @Test
    void reading_is_tolerant_of_other_shapes_and_falls_back_when_no_error_is_named() throws Exception {
        ErrorBody other = ErrorBody.read(json.readTree("{\"message\":\"bad gateway\",\"problems\":[{\"file\":\"x\"},"
                + "\"text\"],\"extra\":1}"), "HTTP 502");
        assertThat(other.error()).isEqualTo("HTTP 502");
        assertThat(other.problems()).hasSize(2);
        assertThat(other.firstItem()).isEmpty();
        assertThat(ErrorBody.read(json.createObjectNode(), "the proxy's text").error()).isEqualTo("the proxy's text");
        assertThat(ErrorBody.read(json.readTree("[1, 2]"), "HTTP 400").firstItem()).isEmpty();
    }
}
