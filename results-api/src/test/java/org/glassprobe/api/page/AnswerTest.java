package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class AnswerTest {
    @Test
    void gzip_is_sent_only_to_a_client_that_accepts_it() {
        assertThat(Answer.acceptsGzip("gzip")).isTrue();
        assertThat(Answer.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(Answer.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(Answer.acceptsGzip("x-gzip")).isTrue();
        assertThat(Answer.acceptsGzip("*")).as("any coding").isTrue();
        assertThat(Answer.acceptsGzip(null)).as("no header: identity").isFalse();
        assertThat(Answer.acceptsGzip("")).isFalse();
        assertThat(Answer.acceptsGzip("identity")).isFalse();
        assertThat(Answer.acceptsGzip("br, deflate")).isFalse();
        assertThat(Answer.acceptsGzip("gzip;q=0")).as("refused by its weight").isFalse();
        assertThat(Answer.acceptsGzip("gzip; q=0.000")).isFalse();
        assertThat(Answer.acceptsGzip("*, gzip;q=0")).as("named beats the wildcard").isFalse();
        assertThat(Answer.acceptsGzip("*;q=0")).isFalse();
        assertThat(Answer.acceptsGzip("gzip;q=abc")).as("an unreadable weight").isFalse();
    }

    @Test
    void both_forms_hold_the_same_bytes_under_one_etag() throws IOException {
        String body = "<p>état ✓</p>".repeat(500);
        Answer a = Answer.of(body);
        assertThat(new String(a.plain(), StandardCharsets.UTF_8)).isEqualTo(body);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(a.gzip()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        }
        assertThat(a.etag()).matches("W/\"[0-9a-f]{32}\"").isEqualTo(Answer.of(body).etag())
                .isNotEqualTo(Answer.of(body + " ").etag());
    }

    @Test
    void if_none_match_compares_weakly_and_takes_a_list_or_a_star() {
        String etag = "W/\"abc\"";
        assertThat(Answer.matches("W/\"abc\"", etag)).isTrue();
        assertThat(Answer.matches("\"abc\"", etag)).isTrue();
        assertThat(Answer.matches("\"x\", W/\"abc\"", etag)).isTrue();
        assertThat(Answer.matches("*", etag)).isTrue();
        assertThat(Answer.matches("\"abd\"", etag)).isFalse();
        assertThat(Answer.matches(null, etag)).isFalse();
    }
}
