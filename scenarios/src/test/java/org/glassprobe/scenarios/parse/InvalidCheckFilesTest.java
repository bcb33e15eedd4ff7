package org.glassprobe.scenarios.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every check file (YAML, or a scenario script) under src/test/resources/invalid/ is refused with exactly this message. */
class InvalidCheckFilesTest {
    private static final Path DIR = Path.of("src/test/resources/invalid").toAbsolutePath();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("BadInterval.java", "BadInterval.java:3:11: interval: \"every minute\" is not a duration; write a number and a unit (ms, s, m, h, d), e.g. 500ms, 30s, 5m, 1h30m"),
                Arguments.of("CompileError.java", "CompileError.java:10:42: cannot find symbol (symbol: method navigat(java.lang.String), location: interface com.microsoft.playwright.Page)"),
                Arguments.of("MissingFile.java", "MissingFile.java:4:5: files[0]: file \"images/missing.png\" not found (looked in {dir}/images/missing.png); paths are relative to the check file"),
                Arguments.of("NoDefaultConstructor.java", "NoDefaultConstructor.java: NoDefaultConstructor needs a public constructor without parameters: glassprobe makes a new one for every attempt"),
                Arguments.of("NoHeader.java", "NoHeader.java:1: a scenario script starts with its check's settings in YAML between a line /*--- and a line ---*/ (name at least, and interval, timeout, retries, regions, variables, files as needed); found none"),
                Arguments.of("NoScenarioClass.java", "NoScenarioClass.java: no public class in the file implements org.glassprobe.scenarios.script.Scenario; a script has exactly one: public class Name implements Scenario { public void run(ScenarioContext ctx) { ... } }"),
                Arguments.of("StepsInHeader.java", "StepsInHeader.java:3:1: steps: a script's header has no steps: a script is a scenario whose steps are the ctx.step(...) calls in its code; allowed here: name, description, interval, timeout, regions, retries, variables, outage, labels, files"),
                Arguments.of("UnclosedHeader.java", "UnclosedHeader.java:4: the header opened here is never closed; end it with a line ---*/"),
                Arguments.of("bad-capture-regex.yaml", "bad-capture-regex.yaml:8:22: steps[0].capture.token.regex: not a valid regular expression: Unclosed group near index 10"),
                Arguments.of("bad-duration.yaml", "bad-duration.yaml:3:11: interval: \"5 minutes\" is not a duration; write a number and a unit (ms, s, m, h, d), e.g. 500ms, 30s, 5m, 1h30m"),
                Arguments.of("bad-method.yaml", "bad-method.yaml:4:11: http.method: \"FETCH\" is not an HTTP method; allowed: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
                Arguments.of("bad-region.yaml", "bad-region.yaml:3:20: regions[1]: \"EU East\" is not a region name; use lower-case letters, digits and dashes, e.g. eu-west"),
                Arguments.of("browser-click-empty-selector.yaml", "browser-click-empty-selector.yaml:5:12: steps[1].click: expected a selector such as \"#upload-button\", found \"\""),
                Arguments.of("browser-expect-integrity-no-upload.yaml", "browser-expect-integrity-no-upload.yaml:8:18: steps[1].expect.integrity: step \"open\" uploads no file; integrity compares with the one file an earlier upload step set"),
                Arguments.of("browser-expect-unknown-key.yaml", "browser-expect-unknown-key.yaml:7:7: steps[1].expect.visibel: unknown key \"visibel\" (did you mean \"visible\"?); allowed here: selector, visible, text, attribute, imageLoaded, integrity"),
                Arguments.of("browser-fill-without-value.yaml", "browser-fill-without-value.yaml:5:11: steps[1].fill: missing required key \"value\"; the text to type, e.g. value: \"hello\""),
                Arguments.of("browser-goto-and-expect.yaml", "browser-goto-and-expect.yaml:4:5: steps[0]: a step does one thing, found goto and expect; split them into separate steps"),
                Arguments.of("browser-goto-not-a-url.yaml", "browser-goto-not-a-url.yaml:4:11: steps[0].goto: \"127.0.0.1:8081/\" is not an http or https URL; write it in full, e.g. http://127.0.0.1:8081/"),
                Arguments.of("browser-step-in-ping.yaml", "browser-step-in-ping.yaml:3:1: goto: goto is a step of a scenario; a ping is one http, tcp or dns request: write kind: scenario and put goto under steps"),
                Arguments.of("browser-upload-missing-file.yaml", "browser-upload-missing-file.yaml:5:39: steps[1].upload.file: file \"images/nope.png\" not found (looked in {dir}/images/nope.png); paths are relative to the check file"),
                Arguments.of("browser-wait-bad-state.yaml", "browser-wait-bad-state.yaml:5:44: steps[1].waitFor.state: \"gone\" is not an element state; allowed: visible, attached, hidden, detached"),
                Arguments.of("browser-wait-two-targets.yaml", "browser-wait-two-targets.yaml:6:7: steps[1].waitFor: waitFor has exactly one of selector, url, loadState, found selector and url"),
                Arguments.of("capture-overwrites-variable.yaml", "capture-overwrites-variable.yaml:10:15: steps[0].capture.target: capture \"target\" would overwrite the variable declared under variables; give the capture another name"),
                Arguments.of("condition-without-spaces.yaml", "condition-without-spaces.yaml:6:5: expect[0]: \"[STATUS]==200\" has no comparison; write LEFT OPERATOR RIGHT with a space around the operator (==, !=, <, <=, >, >=), e.g. [STATUS] == 200"),
                Arguments.of("dns-bad-server.yaml", "dns-bad-server.yaml:5:11: dns.server: \"127.0.0.1:99999\" is not a DNS server; write an IP address or a host name with an optional port, e.g. 127.0.0.1:5353, [::1]:53 or ns1.example.org (port 53 when none is given)"),
                Arguments.of("dns-body-json-path.yaml", "dns-body-json-path.yaml:5:5: expect[0]: [BODY] of a dns step is its answers as text, one per line, and takes no JSON path; compare it whole, e.g. [BODY] == 192.0.2.10, or with pat(*...*)"),
                Arguments.of("dns-missing-name.yaml", "dns-missing-name.yaml:5:10: steps[0].dns: missing required key \"name\"; the name to look up, e.g. name: www.example.org"),
                Arguments.of("dns-unknown-rcode.yaml", "dns-unknown-rcode.yaml:5:5: expect[0]: \"NXDOMIAN\" is not a DNS response code (did you mean \"NXDOMAIN\"?); allowed: NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, YXDOMAIN, YXRRSET, NXRRSET, NOTAUTH, NOTZONE, BADVERS"),
                Arguments.of("dns-unknown-type.yaml", "dns-unknown-type.yaml:5:9: dns.type: \"SRV\" is not a record type a dns step asks for; allowed: A, AAAA, CNAME, MX, TXT, NS, SOA"),
                Arguments.of("duplicate-key.yaml", "duplicate-key.yaml:4:1: timeout: duplicate key \"timeout\"; each key appears once in a mapping"),
                Arguments.of("duplicate-step-name.yaml", "duplicate-step-name.yaml:7:11: steps[1].name: step name \"home\" is used twice; step names are unique within a check"),
                Arguments.of("duration-without-unit.yaml", "duration-without-unit.yaml:3:10: timeout: 30 has no unit; write it with one, e.g. 30s or 30ms"),
                Arguments.of("empty.yaml", "empty.yaml: the file is empty; a check needs at least name, kind and what to run"),
                Arguments.of("file-outside-folder.yaml", "file-outside-folder.yaml:11:19: steps[0].http.body.multipart[0].file: \"../secret.png\" must be a path relative to the check file, inside its folder, so that the check can travel with its files (e.g. images/logo.png)"),
                Arguments.of("get-with-body.yaml", "get-with-body.yaml:6:5: http.body: GET requests carry no body; use POST, PUT or PATCH"),
                Arguments.of("integrity-unknown-step.yaml", "integrity-unknown-step.yaml:7:16: steps[0].integrity: no earlier step is named \"upload\"; integrity names a step before this one that uploaded a file (earlier steps: none)"),
                Arguments.of("labels-bad-name.yaml", "labels-bad-name.yaml:5:3: labels.on call: \"on call\" is not a label name; use letters, digits, _ . and -, at most 64 characters, e.g. team"),
                Arguments.of("labels-not-a-mapping.yaml", "labels-not-a-mapping.yaml:3:9: labels: expected a mapping of label names to values, such as {team: web, tier: \"1\"}, found a list"),
                Arguments.of("labels-without-value.yaml", "labels-without-value.yaml:5:9: labels.tier: label tier needs a value: a short text such as web, found nothing"),
                Arguments.of("missing-file.yaml", "missing-file.yaml:11:19: steps[0].http.body.multipart[0].file: file \"images/missing.png\" not found (looked in {dir}/images/missing.png); paths are relative to the check file"),
                Arguments.of("missing-name.yaml", "missing-name.yaml:1:1: missing required key \"name\"; give the check a unique name"),
                Arguments.of("not-a-url.yaml", "not-a-url.yaml:4:8: http.url: \"127.0.0.1:8081/health\" is not an http or https URL; write it in full, e.g. http://127.0.0.1:8081/health"),
                Arguments.of("not-yaml.yaml", "not-yaml.yaml:5:10: not valid YAML: mapping values are not allowed here; check the indentation and quoting at this point"),
                Arguments.of("ordering-needs-number.yaml", "ordering-needs-number.yaml:6:5: expect[0]: < compares numbers; in \"[RESPONSE_TIME] < fast\" the right side must be a number of milliseconds or a duration such as 2s, found \"fast\""),
                Arguments.of("outage-bad-quorum.yaml", "outage-bad-quorum.yaml:4:11: outage.quorum: \"lots\" is not a quorum; write majority, a number of regions (e.g. 2) or a share of the voting regions (e.g. 60%)"),
                Arguments.of("outage-degraded-bad-baseline.yaml", "outage-degraded-bad-baseline.yaml:5:15: outage.degraded.baseline: \"p99\" is not a baseline (did you mean \"p95\"?); allowed: p50, p95"),
                Arguments.of("outage-degraded-bad-factor.yaml", "outage-degraded-bad-factor.yaml:4:22: outage.degraded.factor: 1 is out of range; a factor is more than 1 and at most 100"),
                Arguments.of("outage-failures-without-within.yaml", "outage-failures-without-within.yaml:5:13: outage.failures: 3 failures need a window: add within, e.g. within: 90s"),
                Arguments.of("outage-not-a-mapping.yaml", "outage-not-a-mapping.yaml:3:9: outage: expected a mapping such as {quorum: 2, recovery: 2}, found \"strict\""),
                Arguments.of("outage-min-open-too-long.yaml", "outage-min-open-too-long.yaml:3:20: outage.min-open: 25h is out of range; allowed: 0ms to 24h"),
                Arguments.of("outage-confirm-not-a-boolean.yaml", "outage-confirm-not-a-boolean.yaml:4:12: outage.confirm: expected true or false, found \"sometimes\""),
                Arguments.of("outage-reopen-within-not-a-duration.yaml", "outage-reopen-within-not-a-duration.yaml:4:18: outage.reopen-within: \"soon\" is not a duration; write a number and a unit (ms, s, m, h, d), e.g. 500ms, 30s, 5m, 1h30m"),
                Arguments.of("outage-min-regions-over-regions.yaml", "outage-min-regions-over-regions.yaml:4:23: outage.min-regions: 3 regions could never vote: the check runs in 2 (eu-west, us-east)"),
                Arguments.of("outage-quorum-over-regions.yaml", "outage-quorum-over-regions.yaml:4:18: outage.quorum: a quorum of 3 regions could never be met: the check runs in 2 (eu-west, us-east)"),
                Arguments.of("outage-quorum-percent-out-of-range.yaml", "outage-quorum-percent-out-of-range.yaml:3:18: outage.quorum: 150% is out of range; a share of the voting regions is 1% to 100%"),
                Arguments.of("outage-recovery-out-of-range.yaml", "outage-recovery-out-of-range.yaml:3:20: outage.recovery: 0 is out of range; allowed: 1 to 100"),
                Arguments.of("outage-unknown-key.yaml", "outage-unknown-key.yaml:4:3: outage.recover: unknown key \"recover\" (did you mean \"recovery\"?); allowed here: quorum, failures, within, recovery, min-regions, min-open, reopen-within, confirm, degraded"),
                Arguments.of("outage-within-too-short.yaml", "outage-within-too-short.yaml:6:11: outage.within: 3 runs cannot fail within 1m when the check runs every 1m; make within at least 2m"),
                Arguments.of("journey-expect-wrong-placeholder.yaml", "journey-expect-wrong-placeholder.yaml:15:12: journey.expect[0]: placeholder [STATUS] is not available here; allowed: [PROPAGATION]"),
                Arguments.of("journey-publish-same-url.yaml", "journey-publish-same-url.yaml:13:32: journey.publish.url: \"http://127.0.0.1:8081/images/latest.png\" is the same in every run, so a reader could not tell the new object from the one before; use a value the upload's answer gave (a capture, e.g. ${image_url}) or ${run.id} in it"),
                Arguments.of("journey-publish-step-uploads-nothing.yaml", "journey-publish-step-uploads-nothing.yaml:15:19: journey.publish.step: step \"health\" uploads no file; publish names a step that uploads one (an http step with body: {file: …} or multipart, or a browser upload)"),
                Arguments.of("journey-read-not-http.yaml", "journey-read-not-http.yaml:14:9: journey.read: a journey's read is an http step (its bytes are compared with the object written), found a goto step; write read: {http: {url: \"${object_url}\"}}"),
                Arguments.of("journey-read-uses-capture.yaml", "journey-read-uses-capture.yaml:14:22: journey.read.http.url: variable \"image_url\" is not defined; known here: object_url, object_id (declare it under \"variables\", capture it in an earlier step, or use ${env.NAME})"),
                Arguments.of("journey-rotate-without-regions.yaml", "journey-rotate-without-regions.yaml:11:11: journey.writer: writer: rotate needs the check's regions listed, at least two (regions: [eu-west, us-east]), so that every probe knows whose turn it is"),
                Arguments.of("journey-writer-not-listed.yaml", "journey-writer-not-listed.yaml:12:11: journey.writer: the writer \"ap-south\" is not one of the check's regions (eu-west, us-east); add it to regions or name one of them"),
                Arguments.of("outage-within-without-failures.yaml", "outage-within-without-failures.yaml:4:11: outage.within: within is the window of failures; give failures: N (2 or more) with it, or leave both out to count the latest run alone"),
                Arguments.of("ping-with-steps.yaml", "ping-with-steps.yaml:3:1: steps: unknown key \"steps\"; allowed here: name, description, kind, interval, timeout, regions, retries, variables, outage, labels, http, capture, expect, warn, integrity, tcp, dns" + "\n"
                        + "ping-with-steps.yaml:1:1: a ping has exactly one of: http, tcp, dns, found none (for several requests write kind: scenario with steps)"),
                Arguments.of("retries-not-a-number.yaml", "retries-not-a-number.yaml:3:10: retries: expected a whole number from 0 to 5, found \"two\""),
                Arguments.of("retries-out-of-range.yaml", "retries-out-of-range.yaml:3:10: retries: 9 is out of range; allowed: 0 to 5"),
                Arguments.of("step-timeout-over-check.yaml", "step-timeout-over-check.yaml:6:14: steps[0].timeout: 10s is out of range; allowed: 100ms to 5s"),
                Arguments.of("timeout-longer-than-interval.yaml", "timeout-longer-than-interval.yaml:4:10: timeout: 8s × 2 attempts (retries: 1) = 16s does not fit in the interval of 10s; shorten timeout, lower retries or lengthen interval, so that a run ends before the next one is due"),
                Arguments.of("tls-accept-untrusted-not-boolean.yaml", "tls-accept-untrusted-not-boolean.yaml:5:20: http.acceptUntrusted: expected true or false, found \"sometimes\""),
                Arguments.of("tls-placeholder-on-tcp.yaml", "tls-placeholder-on-tcp.yaml:5:5: expect[0]: placeholder [CERTIFICATE_TRUSTED] is not available here; allowed: [RESPONSE_TIME], [CONNECTED], [IP]"),
                Arguments.of("tls-warn-expiry-not-a-duration.yaml", "tls-warn-expiry-not-a-duration.yaml:5:5: warn[0]: > compares numbers; in \"[CERTIFICATE_EXPIRATION] > two weeks\" the right side must be a number of milliseconds or a duration such as 2s, found \"two weeks\""),
                Arguments.of("tls-warn-not-a-list.yaml", "tls-warn-not-a-list.yaml:4:7: warn: expected a list such as [\"[STATUS] == 200\"], found \"[CERTIFICATE_EXPIRATION] > 14d\""),
                Arguments.of("two-documents.yaml", "two-documents.yaml:6: a check file holds one YAML document; found a second one (after ---): put each check in its own file"),
                Arguments.of("two-kinds-in-one-step.yaml", "two-kinds-in-one-step.yaml:4:5: steps[0]: a step does one thing, found http and tcp; split them into separate steps"),
                Arguments.of("undefined-variable.yaml", "undefined-variable.yaml:6:8: http.url: variable \"targt\" is not defined (did you mean \"target\"?); known here: target (declare it under \"variables\", capture it in an earlier step, or use ${env.NAME})"),
                Arguments.of("unknown-check-kind.yaml", "unknown-check-kind.yaml:2:7: kind: \"pnig\" is not a check kind; allowed: ping, scenario"),
                Arguments.of("unknown-key.yaml", "unknown-key.yaml:3:1: intervall: unknown key \"intervall\" (did you mean \"interval\"?); allowed here: name, description, kind, interval, timeout, regions, retries, variables, outage, labels, http, capture, expect, warn, integrity, tcp, dns"),
                Arguments.of("unknown-placeholder.yaml", "unknown-placeholder.yaml:6:5: expect[0]: unknown placeholder [STATUS_CODE] in \"[STATUS_CODE] == 200\"; allowed here: [STATUS], [RESPONSE_TIME], [BODY], [HEADER], [CONNECTED], [IP], [CERTIFICATE_EXPIRATION], [CERTIFICATE_TRUSTED], [CERTIFICATE_HOSTNAME], [TLS_VERSION]"),
                Arguments.of("unknown-step-kind.yaml", "unknown-step-kind.yaml:4:5: steps[0]: unknown step kind \"fetch\"; a step has exactly one of: http, tcp, dns, goto, click, fill, upload, waitFor, expect, screenshot"),
                Arguments.of("variable-reference-syntax.yaml", "variable-reference-syntax.yaml:6:8: http.url: \"${ bad name }\" is not a valid variable reference; a name is made of letters, digits and _ and does not start with a digit (write $${ for a literal ${)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void invalid_file_is_refused_with_its_exact_message(String file, String expected) throws IOException {
        String text = Files.readString(DIR.resolve(file));
        String format = file.endsWith(".java") ? "java" : "yaml";
        assertThatThrownBy(() -> CheckLanguage.standard()
                        .parse(new Check.Source(file, text, format), FileResolver.directory(DIR)))
                .isInstanceOf(InvalidCheckException.class)
                .hasMessage(expected.replace("{dir}", DIR.toString()));
    }

    @Test
    void every_invalid_file_has_a_case() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".java")))
                    .containsExactlyInAnyOrderElementsOf(cases().map(a -> (String) a.get()[0]).toList());
        }
    }
}
