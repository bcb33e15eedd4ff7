package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.glassprobe.api.storage.StoreException;
import org.junit.jupiter.api.Test;

class ResultBodiesTest {
    /** A result of one HTTP step, as a probe sends it. */
    private static final String HTTP_RESULT = "{\"id\":\"7d542654-dde7-409e-9f09-9eca0506f5b0\",\"check\":\"home\","
            + "\"kind\":\"ping\",\"startedAt\":\"2026-12-06T21:14:56.780Z\",\"durationMs\":7.503,\"ok\":true,"
            + "\"attempt\":1,\"steps\":[{\"name\":\"http\",\"kind\":\"http\",\"ok\":true,\"durationMs\":7.503,"
            + "\"request\":{\"method\":\"GET\",\"url\":\"http://127.0.0.1:8081/health\"},\"status\":200,\"phases\":"
            + "{\"resolve\":0.0,\"connect\":0.212,\"tls\":0.0,\"processing\":7.091,\"transfer\":0.2},\"conditions\":"
            + "[{\"condition\":\"[STATUS] == 200\",\"ok\":true,\"actual\":\"200\",\"expected\":\"200\",\"implicit\":"
            + "false}],\"captures\":{},\"timings\":{},\"artifacts\":[]}],\"earlierAttempts\":[],\"variables\":{}}";
    /** HTTP_RESULT as format 1 kept it when it was made: rows on disk must read so for ever. */
    private static final String HTTP_RESULT_KEPT_BY_FORMAT_1 = "AdXUMQqAMAyF4RO1JqFpmt5GbUsHwftvVuigiCCCgxfIG/6P9NCS2JFnZ1LK"
            + "YhxoNlpAjeZ5BAZfeIIDhrq2TA9BEEZ0kb2VcAEhdif8gYp++CENJLGtscUYIOBQ87i0B/PCCyHdkWkLimc39Gc4Gw==";

    @Test
    void a_stored_body_of_format_1_reads_back_whatever_this_version_writes() {
        assertThat(ResultBodies.inflate(Base64.getDecoder().decode(HTTP_RESULT_KEPT_BY_FORMAT_1)))
                .as("format 1's dictionary never changes").isEqualTo(HTTP_RESULT);
    }

    @Test
    void a_typical_result_is_kept_in_a_fifth_of_its_json() {
        byte[] kept = ResultBodies.deflate(HTTP_RESULT);
        assertThat(kept.length).as("bytes kept of %d", HTTP_RESULT.length()).isLessThan(HTTP_RESULT.length() / 4);
        assertThat(ResultBodies.inflate(kept)).isEqualTo(HTTP_RESULT);
    }

    @Test
    void any_text_reads_back_unchanged() {
        Random random = new Random(7);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 256 * 1024; i++) {
            noise.append((char) (0x20 + random.nextInt(0x3000)));
        }
        for (String json : new String[] {"{}", "{\"message\":\"délai dépassé — 超时 😀\"}", noise.toString(),
                "{\"x\":\"" + "a".repeat(200_000) + "\"}"}) {
            assertThat(ResultBodies.inflate(ResultBodies.deflate(json))).isEqualTo(json);
        }
    }

    @Test
    void bytes_in_no_known_format_or_cut_short_fail_with_what_they_are() {
        assertThatThrownBy(() -> ResultBodies.inflate(new byte[] {9, 1, 2}))
                .isInstanceOf(StoreException.class).hasMessageContaining("format 9").hasMessageContaining("newer version");
        byte[] kept = ResultBodies.deflate(HTTP_RESULT);
        assertThatThrownBy(() -> ResultBodies.inflate(Arrays.copyOf(kept, kept.length / 2)))
                .isInstanceOf(StoreException.class).hasMessageContaining("cut short");
    }

    @Test
    void a_row_of_an_older_version_keeps_its_text() {
        assertThat(ResultBodies.read(HTTP_RESULT, null)).isEqualTo(HTTP_RESULT);
    }
}
