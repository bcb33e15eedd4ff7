package org.glassprobe.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON body of every error answer: what went wrong and, where there are several, each problem. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String error, List<Object> problems) {
    public ErrorBody {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }
}
