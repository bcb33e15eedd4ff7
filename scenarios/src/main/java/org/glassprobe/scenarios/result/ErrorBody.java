package org.glassprobe.scenarios.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The JSON body of every error answer of the results API: what went wrong and, where there are
 * several, each problem. The API writes it; a probe reads it ({@link #read}) to say what failed and
 * which result of a batch the API refused.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String error, List<Object> problems) {
    public ErrorBody {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }

    /** One bad item of a batch: its index, its id when it has one, the field and what is wrong. */
    public record ItemProblem(int item, String id, String path, String message) {}

    /**
     * Reads an error answer tolerantly, as a probe must (another version of the API, or a proxy,
     * may have sent it): the problems that name an {@code item} become {@link ItemProblem}s, the
     * others stay as they came.
     *
     * @param answer   the answer's JSON; any node, an empty object when it was not JSON
     * @param fallback the error when the answer names none
     */
    public static ErrorBody read(JsonNode answer, String fallback) {
        List<Object> problems = new ArrayList<>();
        if (answer.path("problems").isArray()) {
            for (JsonNode p : answer.path("problems")) {
                problems.add(p.has("item") ? new ItemProblem(p.get("item").asInt(), text(p, "id"), text(p, "path"),
                        text(p, "message")) : p);
            }
        }
        return new ErrorBody(answer.path("error").asText(fallback), problems);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** The first item of the batch the problems name (the smallest index), if they name one. */
    public OptionalInt firstItem() {
        return problems.stream().filter(ItemProblem.class::isInstance).mapToInt(p -> ((ItemProblem) p).item()).min();
    }
}
