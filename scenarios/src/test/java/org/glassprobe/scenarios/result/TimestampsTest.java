package org.glassprobe.scenarios.result;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {
    private final ObjectMapper json = ResultJson.newMapper();

    @ParameterizedTest
    @CsvSource({
        "2026-12-06T17:28:27Z, 2026-12-06T17:28:27.000Z",
        "2026-12-06T17:28:27.1Z, 2026-12-06T17:28:27.100Z",
        "2026-12-06T17:28:27.123Z, 2026-12-06T17:28:27.123Z",
        "2026-12-06T17:28:27.123456Z, 2026-12-06T17:28:27.123Z",
        "2026-12-06T17:28:27.999999999Z, 2026-12-06T17:28:27.999Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z",
    })
    void every_instant_is_written_in_utc_with_exactly_milliseconds(String in, String out) throws Exception {
        Instant instant = Instant.parse(in);
        assertThat(Timestamps.format(instant)).isEqualTo(out);
        assertThat(json.writeValueAsString(Map.of("at", instant))).isEqualTo("{\"at\":\"" + out + "\"}");
        assertThat(json.writeValueAsString(new Holder(instant))).isEqualTo("{\"at\":\"" + out + "\"}");
    }

    @ParameterizedTest
    @CsvSource({
        "2026-12-06T17:28:27Z",
        "2026-12-06T17:28:27.1Z",
        "2026-12-06T17:28:27.123456789Z",
        "2026-12-06T18:28:27+01:00",
    })
    void reading_takes_any_iso_8601_instant(String in) throws Exception {
        Holder read = json.readValue("{\"at\":\"" + in + "\"}", Holder.class);
        assertThat(read.at()).isEqualTo(java.time.OffsetDateTime.parse(in).toInstant());
    }

    record Holder(Instant at) {}
}
