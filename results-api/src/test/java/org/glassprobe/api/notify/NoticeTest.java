package org.glassprobe.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.outage.Announcer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NoticeTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");
    private final ObjectMapper json = Json.newMapper();
    private final Announcer announcer = new Announcer(json, () -> "https://status.example.org");

    private Notice sample(EventType type) {
        OutboundEvent e = announcer.sample(type, AT);
        return Notice.of(new Notifier.Message(e.messageId(), type.wireName(), AT, e.payload()), json);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_sample_reads_as_a_test_notice_with_a_title_and_a_link(EventType type) {
        Notice n = sample(type);
        assertThat(n.test()).isTrue();
        assertThat(n.title()).startsWith("[test] ");
        assertThat(n.link()).startsWith("https://status.example.org/");
        assertThat(n.at()).isEqualTo(AT);
        assertThat(n.resolved()).isEqualTo(type == EventType.OUTAGE_RESOLVED || type == EventType.REGIONAL_RECOVERED
                || type == EventType.CHECK_RECOVERED || type == EventType.PROBE_UP);
    }

    @Test
    void an_outage_says_where_and_why_and_links_the_check() {
        Notice n = sample(EventType.OUTAGE_OPENED);
        assertThat(n.title()).isEqualTo("[test] Outage: example-check is down in eu-west, us-east");
        assertThat(n.severity()).isEqualTo(Notice.Severity.CRITICAL);
        assertThat(n.regions()).extracting(Notice.RegionLine::region).containsExactly("eu-west", "us-east");
        assertThat(n.summary()).contains("status 503, expected 200");
        assertThat(n.link()).isEqualTo("https://status.example.org/checks/example-check");
        assertThat(n.dedupKey()).isEqualTo(n.incident()).isNotNull();
    }

    @Test
    void a_region_line_carries_its_last_error_from_the_region_states() {
        String payload = """
                {"type":"regional.failure","timestamp":"2026-12-07T10:00:00Z","data":{"check":"shop",
                 "state":"regional_failure","regions":["eu-west"],"incident":{"id":"i-1","errorSummary":"eu-west: 503"},
                 "regionStates":{"eu-west":{"state":"failing","since":"2026-12-07T09:59:00Z","lastError":"status 503"},
                                 "us-east":{"state":"passing","since":"2026-12-07T09:00:00Z","lastError":null}},
                 "links":{"page":"https://s/","check":"https://s/checks/shop","incident":"https://s/api/v1/outages/i-1"}}}
                """;
        Notice n = Notice.of(new Notifier.Message("msg_1", "regional.failure", AT, payload), json);
        assertThat(n.test()).isFalse();
        assertThat(n.title()).isEqualTo("Regional failure: shop fails in eu-west");
        assertThat(n.regions()).containsExactly(new Notice.RegionLine("eu-west", "status 503"));
        assertThat(n.regions().get(0).text()).isEqualTo("eu-west: status 503");
        assertThat(n.severity()).isEqualTo(Notice.Severity.ERROR);
        assertThat(n.link()).isEqualTo("https://s/checks/shop");
    }

    @Test
    void a_probe_down_names_the_probe_and_its_region() {
        Notice n = sample(EventType.PROBE_DOWN);
        assertThat(n.title()).isEqualTo("[test] Probe down: example-probe (eu-west)");
        assertThat(n.dedupKey()).isEqualTo("probe:example-probe");
        assertThat(n.link()).isEqualTo("https://status.example.org/");
    }
}
