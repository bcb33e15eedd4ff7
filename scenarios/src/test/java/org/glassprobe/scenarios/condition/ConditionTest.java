package org.glassprobe.scenarios.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.glassprobe.scenarios.result.ConditionResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {
    /** A response: status 201, 12.5 ms, a JSON body, two headers. */
    private static final Facts RESPONSE = (kind, argument) -> switch (kind) {
        case STATUS -> Optional.of("201");
        case RESPONSE_TIME -> Optional.of("12.5");
        case BODY -> argument.isEmpty()
                ? Optional.of("{\"url\":\"/images/a1\",\"size\":456,\"tags\":[\"x\",\"y\"],\"empty\":\"\"}")
                : JsonPath.readTree("{\"url\":\"/images/a1\",\"size\":456,\"tags\":[\"x\",\"y\"],\"empty\":\"\"}")
                        .flatMap(JsonPath.parse(argument)::find);
        case HEADER -> argument.equalsIgnoreCase("content-type") ? Optional.of("image/png") : Optional.empty();
        case CONNECTED -> Optional.of("true");
        case IP -> Optional.of("127.0.0.1");
        default -> Optional.empty(); // no TLS facts in this response
    };

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "[STATUS] == 201                       | true  | 201",
        "[STATUS] == 200                       | false | 201",
        "[STATUS] != 500                       | true  | 201",
        "[STATUS] < 400                        | true  | 201",
        "[RESPONSE_TIME] < 2000                | true  | 12.5",
        "[RESPONSE_TIME] < 10                  | false | 12.5",
        "[RESPONSE_TIME] <= 1s                 | true  | 12.5",
        "[BODY].url != \"\"                    | true  | /images/a1",
        "[BODY].empty != \"\"                  | false | ''",
        "[BODY].url == /images/${id}           | true  | /images/a1",
        "[BODY].size == 456.0                  | true  | 456",
        "[BODY].size > 100                     | true  | 456",
        "[BODY].tags[1] == y                   | true  | y",
        "[BODY].missing == x                   | false | ",
        "len([BODY].tags) == 2                 | true  | 2",
        "len([BODY].url) > 3                   | true  | 10",
        "has([BODY].url) == true               | true  | true",
        "has([BODY].missing) == false          | true  | false",
        "[HEADER].content-type == image/png    | true  | image/png",
        "[HEADER].Content-Type == image/jpeg   | false | image/png",
        "[HEADER].x-missing == anything        | false | ",
        "[BODY] == pat(*images/a1*)            | true  | '{\"url\":\"/images/a1\",\"size\":456,\"tags\":[\"x\",\"y\"],\"empty\":\"\"}'",
        "[BODY].url == pat(/images/*)          | true  | /images/a1",
        "[BODY].url != pat(/videos/*)          | true  | /images/a1",
        "[STATUS] == any(200, 201, 204)        | true  | 201",
        "[STATUS] != any(500, 502)             | true  | 201",
        "[CONNECTED] == true                   | true  | true",
        "[IP] == 127.0.0.1                     | true  | 127.0.0.1",
    })
    void evaluates_like_gatus(String source, boolean ok, String actual) throws Exception {
        Condition condition = ConditionParser.parse(source);
        ConditionResult result = condition.evaluate(RESPONSE, Map.of("id", "a1")::get);
        assertThat(result.ok()).as(source).isEqualTo(ok);
        assertThat(result.actual()).isEqualTo(actual == null ? null : actual);
        assertThat(result.condition()).isEqualTo(source);
    }
}
