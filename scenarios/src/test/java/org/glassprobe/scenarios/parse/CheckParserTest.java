package org.glassprobe.scenarios.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.http.Body;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.CheckKind;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.tcp.TcpStep;
import org.junit.jupiter.api.Test;

class CheckParserTest {

    @Test
    void every_example_is_valid() throws Exception {
        try (Stream<Path> files = Files.list(TestChecks.EXAMPLES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".java")).toList();
            assertThat(yaml).isNotEmpty().anyMatch(p -> p.toString().endsWith(".java"));
            for (Path file : yaml) {
                assertThat(CheckLanguage.standard().load(file).name()).isNotBlank();
            }
        }
    }

    @Test
    void labels_come_from_a_check_file_and_from_a_scripts_header() throws Exception {
        assertThat(TestChecks.example("ping.yaml").labels()).containsExactly(
                java.util.Map.entry("team", "web"), java.util.Map.entry("tier", "1"));
        assertThat(TestChecks.example("ImageRoundTrip.java").labels()).containsExactly(
                java.util.Map.entry("team", "storage"));
        assertThat(TestChecks.parse("""
                name: health
                kind: ping
                http:
                  url: http://127.0.0.1:8081/health
                """).labels()).as("none unless written").isEmpty();
    }

    @Test
    void ping_gets_sensible_defaults() throws Exception {
        Check check = TestChecks.parse("""
                name: health
                kind: ping
                http:
                  url: http://127.0.0.1:8081/health
                """);
        assertThat(check.kind()).isEqualTo(CheckKind.PING);
        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check.retries()).isEqualTo(1);
        assertThat(check.regions()).isEmpty();
        assertThat(check.runsIn("ap-south")).isTrue();
        HttpStep step = (HttpStep) check.steps().get(0);
        assertThat(step.request().method()).isEqualTo("GET");
        assertThat(step.request().followRedirects()).isTrue();
        assertThat(step.conditions()).singleElement()
                .satisfies(c -> assertThat(c.source()).isEqualTo("[STATUS] < 400"))
                .satisfies(c -> assertThat(c.isImplicit()).isTrue());
    }

    @Test
    void round_trip_example_reads_its_image_and_links_integrity_to_the_upload() throws Exception {
        Check check = TestChecks.example("image-roundtrip-http.yaml");
        assertThat(check.steps()).extracting(s -> s.name()).containsExactly("upload", "retrieve");
        HttpStep upload = (HttpStep) check.steps().get(0);
        Body.Multipart body = (Body.Multipart) upload.request().body();
        assertThat(body.files()).singleElement().satisfies(part -> {
            assertThat(part.file().path()).isEqualTo("images/glassprobe.png");
            assertThat(part.file().contentType()).isEqualTo("image/png");
            assertThat(part.file().bytes()).isEqualTo(Files.readAllBytes(TestChecks.EXAMPLES.resolve(
                    "images/glassprobe.png")));
        });
        HttpStep retrieve = (HttpStep) check.steps().get(1);
        assertThat(retrieve.integrity()).hasValueSatisfying(i -> {
            assertThat(i.step()).isEqualTo("upload");
            assertThat(i.path()).isEqualTo(body.files().get(0).file().path());
            assertThat(i.expected().sha256()).isEqualTo(body.files().get(0).file().sha256());
        });
        assertThat(check.variables()).containsEntry("target", Optional.of("http://127.0.0.1:8081"));
    }

    @Test
    void tcp_ping_and_regions_are_read() throws Exception {
        Check check = TestChecks.parse("""
                name: database port
                kind: ping
                interval: 15s
                timeout: 2s
                retries: 0
                regions: [eu-west, us-east]
                tcp: {host: 127.0.0.1, port: 5432}
                """);
        assertThat(check.steps().get(0)).isInstanceOf(TcpStep.class);
        assertThat(check.regions()).containsExactly("eu-west", "us-east");
        assertThat(check.runsIn("ap-south")).isFalse();
    }

    @Test
    void a_variable_without_default_is_declared_as_required() throws Exception {
        Check check = TestChecks.parse("""
                name: health
                kind: ping
                variables:
                  target: ~
                http:
                  url: ${target}/health
                """);
        assertThat(check.variables()).containsEntry("target", Optional.empty());
    }

    @Test
    void several_problems_are_reported_together_in_file_order() {
        assertThatThrownBy(() -> TestChecks.parse("""
                name: health
                kind: ping
                interval: soon
                retries: -1
                http:
                  url: ${nowhere}/health
                """))
                .isInstanceOf(InvalidCheckException.class)
                .satisfies(e -> assertThat(((InvalidCheckException) e).problems())
                        .extracting(Problem::line).containsExactly(3, 4, 6));
    }

    @Test
    void a_step_sees_variables_captured_by_earlier_steps_only() {
        assertThatThrownBy(() -> TestChecks.parse("""
                name: journey
                kind: scenario
                steps:
                  - name: first
                    http: {url: "http://127.0.0.1:8081/${later}"}
                  - name: second
                    http: {url: "http://127.0.0.1:8081/"}
                    capture:
                      later: {header: Location}
                """))
                .hasMessageContaining("test.yaml:5:17: steps[0].http.url: variable \"later\" is not defined");
    }
}
