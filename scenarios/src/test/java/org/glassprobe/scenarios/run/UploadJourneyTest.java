package org.glassprobe.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.faults.FaultMode;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.http.Body;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Raw bodies, run values, clean-up steps and not-run steps, run against the demo site's plain file
 * store ({@code /dav/}) over loopback. The same journey against nginx's WebDAV is PutRoundTripIT.
 */
class UploadJourneyTest {
    private static DemoSite site;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.defaults().withPort(0).withAdminPort(0));
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @AfterEach
    void clearFaults() {
        site.clearFault();
    }

    private static Map<String, String> store() {
        return Map.of("store", site.baseUrl() + "/dav");
    }

    @Test
    void the_put_example_sends_the_files_bytes_reads_them_back_and_deletes_them() throws Exception {
        Check check = TestChecks.example("image-roundtrip-put.yaml");
        byte[] image = Files.readAllBytes(TestChecks.EXAMPLES.resolve("images/glassprobe.png"));
        assertThat(((HttpStep) check.steps().get(0)).request().body())
                .isInstanceOfSatisfying(Body.Raw.class, raw -> assertThat(raw.file().bytes()).isEqualTo(image));

        CheckResult result = TestChecks.run(check, store());

        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("upload", "retrieve", "delete");
        assertThat(result.steps().get(0).request().url()).isEqualTo(site.baseUrl() + "/dav/" + result.id() + ".png");
        assertThat(result.steps().get(0).status()).isEqualTo(201);
        assertThat(result.steps().get(1).integrity().ok()).isTrue();
        assertThat(result.steps().get(1).integrity().actual().size()).isEqualTo(image.length);
        StepResult delete = result.steps().get(2);
        assertThat(delete.cleanupStep()).isTrue();
        assertThat(delete.status()).isEqualTo(204);
        assertThat(result.durationMs()).as("the clean-up is not part of the journey's latency")
                .isEqualTo(result.steps().get(0).durationMs() + result.steps().get(1).durationMs(),
                        org.assertj.core.data.Offset.offset(0.0015));
    }

    @Test
    void a_failed_step_still_runs_the_clean_up_and_the_steps_after_it_say_why_they_did_not_run() throws Exception {
        site.setFault(FaultMode.CORRUPT, 0);

        CheckResult result = TestChecks.run(TestChecks.parse("""
                name: put
                kind: scenario
                retries: 0
                variables: {store: ~}
                steps:
                  - name: upload
                    http:
                      method: PUT
                      url: ${store}/${run.id}.png
                      body: {file: images/glassprobe.png}
                  - name: retrieve
                    http: {url: "${store}/${run.id}.png"}
                    integrity: upload
                  - name: again
                    http: {url: "${store}/${run.id}.png"}
                    integrity: upload
                cleanup:
                  - name: delete
                    http: {method: DELETE, url: "${store}/${run.id}.png"}
                    expect: ["[STATUS] == 204"]
                """), store());

        assertThat(result.ok()).isFalse();
        assertThat(result.error().kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(result.error().step()).isEqualTo("retrieve");
        assertThat(result.steps()).extracting(StepResult::name).containsExactly("upload", "retrieve", "again", "delete");
        StepResult again = result.steps().get(2);
        assertThat(again.ran()).isFalse();
        assertThat(again.notRun()).isEqualTo("not run: step \"retrieve\" failed before it");
        assertThat(result.steps().get(3).ok()).as("the clean-up ran after the failure").isTrue();
        assertThat(result.steps().get(3).status()).isEqualTo(204);
    }

    @Test
    void a_step_whose_integrity_names_a_failed_step_is_not_run_because_of_it() throws Exception {
        site.setFault(FaultMode.DOWN, 0);

        CheckResult result = TestChecks.run(TestChecks.example("image-roundtrip-put.yaml"), store());

        assertThat(result.error().kind()).isEqualTo(ErrorKind.STATUS);
        assertThat(result.error().step()).isEqualTo("upload");
        StepResult retrieve = result.steps().get(1);
        assertThat(retrieve.name()).isEqualTo("retrieve");
        assertThat(retrieve.ok()).isFalse();
        assertThat(retrieve.error()).isNull();
        assertThat(retrieve.notRun()).isEqualTo("not run: its integrity compares with the file step \"upload\""
                + " uploads, and \"upload\" failed");
    }

    @Test
    void a_failed_clean_up_is_reported_and_leaves_a_passed_run_passed_unless_it_says_failsRun() throws Exception {
        String check = """
                name: cleanup-fails
                kind: scenario
                retries: 0
                variables: {store: ~}
                steps:
                  - name: upload
                    http: {method: PUT, url: "${store}/${run.id}.txt", body: {text: hello}}
                cleanup:
                  - name: delete-twice
                    http: {method: DELETE, url: "${store}/missing-${run.id}.txt"}
                    expect: ["[STATUS] == 204"]
                  - name: delete
                    http: {method: DELETE, url: "${store}/${run.id}.txt"}
                """;

        CheckResult reported = TestChecks.run(TestChecks.parse(check), store());
        assertThat(reported.ok()).as(reported.toString()).isTrue();
        assertThat(reported.steps().get(1).error().kind()).isEqualTo(ErrorKind.STATUS);
        assertThat(reported.steps().get(2).ok()).as("every clean-up step runs, also after one failed").isTrue();

        CheckResult counted = TestChecks.run(TestChecks.parse(check.replace(
                "    expect: [\"[STATUS] == 204\"]\n", "    expect: [\"[STATUS] == 204\"]\n    failsRun: true\n")),
                store());
        assertThat(counted.ok()).isFalse();
        assertThat(counted.error().step()).isEqualTo("delete-twice");
        assertThat(counted.error().kind()).isEqualTo(ErrorKind.STATUS);
    }

    @Test
    void a_clean_up_step_needing_a_capture_that_did_not_happen_is_not_run() throws Exception {
        site.setFault(FaultMode.DOWN, 0);

        CheckResult result = TestChecks.run(TestChecks.parse("""
                name: captured
                kind: scenario
                retries: 0
                variables: {target: ~}
                steps:
                  - name: upload
                    http:
                      method: POST
                      url: ${target}/api/images
                      body: {multipart: [{name: file, file: images/glassprobe.png}]}
                    capture: {image_url: {json: url}}
                cleanup:
                  - name: forget
                    http: {method: DELETE, url: "${target}${image_url}"}
                """), Map.of("target", site.baseUrl()));

        StepResult forget = result.steps().get(1);
        assertThat(forget.cleanupStep()).isTrue();
        assertThat(forget.notRun()).isEqualTo("not run: it needs ${image_url}, which no step captured in this run");
    }

    @Test
    void run_values_fill_urls_headers_and_bodies_and_each_run_gets_its_own() throws Exception {
        Check check = TestChecks.parse("""
                name: values
                kind: scenario
                retries: 0
                variables: {store: ~}
                steps:
                  - name: put
                    http:
                      method: PUT
                      url: ${store}/${probe.region}-${run.id}.txt
                      headers: {X-Probe: "${probe.name}"}
                      body: {text: "${run.id} ${run.attempt} ${run.started} ${random.uuid}"}
                  - name: get
                    http: {url: "${store}/${probe.region}-${run.id}.txt"}
                    capture: {body: {regex: "(.*)"}}
                """);
        try (CheckRunner runner = new CheckRunner(TestChecks.executors(
                org.glassprobe.scenarios.http.HttpStepExecutor.baseClient()), java.time.Clock.systemUTC())) {
            RunOptions options = RunOptions.defaults().withVariables(store()).withProbe("eu-west-1", "eu-west");
            CheckResult first = runner.run(check, options);
            CheckResult second = runner.run(check, options);

            assertThat(first.ok()).as(first.toString()).isTrue();
            assertThat(first.steps().get(0).request().url()).endsWith("/dav/eu-west-" + first.id() + ".txt");
            assertThat(second.steps().get(0).request().url()).endsWith("/dav/eu-west-" + second.id() + ".txt");
            String body = first.steps().get(1).captures().get("body");
            assertThat(body).matches(first.id() + " 1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [0-9a-f-]{36}");
        }
    }

    @Test
    void yaml_tags_are_refused_with_the_line_never_sent_differently() {
        assertThatThrownBy(() -> TestChecks.parse("""
                name: tagged
                kind: scenario
                steps:
                  - http:
                      method: PUT
                      url: http://127.0.0.1:1/x
                      body:
                        text: !!binary aGVsbG8=
                """)).isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("test.yaml:8:")
                .hasMessageContaining("the YAML tag !!binary is not part of the check language; to send bytes written"
                        + " in base64 write body: {base64:");
        assertThatThrownBy(() -> TestChecks.parse("name: !custom x\nkind: ping\nhttp: {url: http://127.0.0.1:1}\n"))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("test.yaml:1:7: the YAML tag !custom is not part of the check language");
    }

    @Test
    void a_base64_body_sends_its_bytes() throws Exception {
        CheckResult result = TestChecks.run(TestChecks.parse("""
                name: b64
                kind: scenario
                retries: 0
                variables: {store: ~}
                steps:
                  - name: put
                    http:
                      method: PUT
                      url: ${store}/${run.id}.bin
                      body:
                        base64: |
                          AAEC
                          /w==
                  - name: get
                    http: {url: "${store}/${run.id}.bin"}
                    integrity: put
                """), store());
        assertThat(result.ok()).as(result.toString()).isTrue();
        assertThat(result.steps().get(1).integrity().actual().size()).isEqualTo(4);
        assertThat(result.steps().get(1).integrity().actual().contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void wrong_uses_are_refused_with_what_to_write_instead() {
        assertThatThrownBy(() -> TestChecks.parse("""
                name: bad
                kind: scenario
                steps:
                  - http: {method: PUT, url: "http://127.0.0.1:1/${run.idd}", body: {base64: "not base64!"}}
                    failsRun: true
                """)).isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("\"${run.idd}\" is not a value a run has; run values are ${run.id},")
                .hasMessageContaining("not valid base64")
                .hasMessageContaining("unknown key \"failsRun\"");
        assertThatThrownBy(() -> TestChecks.parse("""
                name: bad
                kind: ping
                http: {url: "http://127.0.0.1:1/${region}"}
                cleanup: []
                """)).isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("variable \"region\" is not defined (did you mean the run value ${probe.region}?)")
                .hasMessageContaining("cleanup");
        assertThatThrownBy(() -> TestChecks.parse("""
                name: bad
                kind: scenario
                interval: 30s
                timeout: 10s
                retries: 1
                steps:
                  - http: {url: "http://127.0.0.1:1/"}
                cleanup:
                  - http: {method: DELETE, url: "http://127.0.0.1:1/"}
                """)).isInstanceOf(InvalidCheckException.class)
                .hasMessageContaining("with cleanup each attempt may take twice the timeout");
    }
}
