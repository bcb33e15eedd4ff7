package org.glassprobe.scenarios.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one place that turns results into JSON and back. The wire format is documented in
 * {@code docs/result-format.md}; readers are tolerant of unknown fields so that probes and the
 * results API of different versions can run side by side.
 */
public final class ResultJson {
    private ResultJson() {}

    /**
     * A mapper configured for the wire format: instants written as {@link Timestamps} says (UTC,
     * milliseconds) and read as any ISO-8601 instant, nulls left out, unknown fields ignored.
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("glassprobe-timestamps").addSerializer(Instant.class,
                        new Timestamps.Serializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    private static final ObjectMapper MAPPER = newMapper();

    public static String toJson(CheckResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same JSON as {@link #toJson}, as UTF-8 bytes, without the string in between. */
    public static byte[] toBytes(CheckResult result) {
        try {
            return MAPPER.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toPrettyJson(CheckResult result) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CheckResult fromJson(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, CheckResult.class);
    }
}
