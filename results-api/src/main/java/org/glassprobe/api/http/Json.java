package org.glassprobe.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.glassprobe.scenarios.result.ResultJson;

/** The one JSON mapper factory of the API: the result wire format's (ISO-8601 instants, tolerant reads). */
public final class Json {
    private Json() {}

    public static ObjectMapper newMapper() {
        return ResultJson.newMapper();
    }
}
