package org.glassprobe.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassprobe.scenarios.TestChecks;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.MediaTypes;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.JourneyReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A journey's writer and reader against a small store on loopback whose objects become readable
 * late, or never, or with other bytes first: what a replicated store or a CDN gets wrong.
 */
class JourneyRunsTest {
    private static final byte[] IMAGE = image();
    private static final String SHA = MediaTypes.sha256(IMAGE);

    private HttpServer store;
    private final AtomicInteger uploads = new AtomicInteger();
    /** When each object becomes readable (absent: never), and what a read before that gets. */
    private final Map<String, Instant> readableAt = new ConcurrentHashMap<>();
    private volatile byte[] before;
    private volatile Duration lag = Duration.ZERO;
    private volatile int uploadStatus = 201;

    @BeforeEach
    void startStore() throws IOException {
        store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        store.createContext("/upload", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = "o" + uploads.incrementAndGet();
            if (!lag.isNegative()) {
                readableAt.put(id, Instant.now().plus(lag));
            }
            byte[] answer = ("{\"url\": \"/o/" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(uploadStatus, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        store.createContext("/o/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/o/".length());
            Instant at = readableAt.get(id);
            byte[] body = at != null && !Instant.now().isBefore(at) ? IMAGE : before;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        store.start();
    }

    @AfterEach
    void stopStore() {
        store.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + store.getAddress().getPort();
    }

    private Check journey(String expect) throws Exception {
        return TestChecks.parse("""
                name: propagation
                kind: scenario
                interval: 10s
                timeout: 3s
                retries: 0
                regions: [eu-west, us-east]
                variables: {store: "%s"}
                steps:
                  - name: upload
                    http: {method: POST, url: "${store}/upload", body: {file: images/glassprobe.png}}
                    capture: {object: {json: url}}
                journey:
                  writer: eu-west
                  publish: {step: upload, url: "${store}${object}"}
                  read: {http: {url: "${object_url}"}}
                  every: 100ms
                  expect: ["%s"]
                """.formatted(base(), expect));
    }

    private static CheckResult run(Check check, RunOptions options) throws Exception {
        try (CheckRunner runner = new CheckRunner(TestChecks.executors(HttpStepExecutor.baseClient()),
                Clock.systemUTC())) {
            return runner.run(check, options);
        }
    }

    private static RunOptions in(String region, Instant round, JourneyPlace.ObjectSource objects) {
        return RunOptions.defaults().withProbe(region + "-1", region)
                .withJourney(new JourneyPlace(Optional.of(round), JourneyPlace.Role.BY_ROUND, objects));
    }

    /** The writer's object, as the API would hand it to the readers. */
    private static JourneyPlace.ObjectSource handing(CheckResult written, Optional<String> previousSha256) {
        JourneyReport.PublishedObject o = written.journey().object();
        JourneyReport.PublishedObject published = new JourneyReport.PublishedObject(written.id().toString(),
                o.round(), new JourneyReport.Writer("eu-west-1", "eu-west"), o.url(), o.sha256(), o.size(),
                o.contentType(), o.file(), o.step(), o.uploadStartedAt(), o.uploadedAt());
        return (check, round, wait) -> new JourneyPlace.Lookup(Optional.of(published), previousSha256);
    }

    @Test
    void the_writer_uploads_and_publishes_the_object_its_upload_made() throws Exception {
        Instant round = Instant.parse("2026-12-07T12:00:00Z");
        CheckResult written = run(journey("[PROPAGATION] < 10s"), in("eu-west", round, JourneyPlace.ObjectSource.NONE));

        assertThat(written.ok()).as(written.toString()).isTrue();
        assertThat(written.steps()).extracting(s -> s.name()).containsExactly("upload");
        JourneyReport report = written.journey();
        assertThat(report.role()).isEqualTo("writer");
        assertThat(report.round()).isEqualTo(round);
        assertThat(report.object().url()).isEqualTo(base() + "/o/o1");
        assertThat(report.object().sha256()).isEqualTo(SHA);
        assertThat(report.object().size()).isEqualTo(IMAGE.length);
        assertThat(report.object().contentType()).isEqualTo("image/png");
        assertThat(report.object().uploadedAt()).isBetween(written.startedAt(), Instant.now());
        assertThat(report.object().uploadStartedAt()).isBetween(written.startedAt(), report.object().uploadedAt());
    }

    @Test
    void a_writer_whose_upload_fails_publishes_nothing() throws Exception {
        uploadStatus = 500;
        CheckResult written = run(journey("[PROPAGATION] < 10s"), in("eu-west", Instant.now(),
                JourneyPlace.ObjectSource.NONE));

        assertThat(written.ok()).isFalse();
        assertThat(written.journey().role()).isEqualTo("writer");
        assertThat(written.journey().object()).isNull();
    }

    @Test
    void a_reader_reads_until_the_bytes_arrive_and_reports_the_time_since_the_upload() throws Exception {
        lag = Duration.ofMillis(600);
        Check check = journey("[PROPAGATION] < 10s");
        Instant round = Instant.now();
        CheckResult written = run(check, in("eu-west", round, JourneyPlace.ObjectSource.NONE));

        CheckResult read = run(check, in("us-east", round, handing(written, Optional.empty())));

        assertThat(read.ok()).as(read.toString()).isTrue();
        JourneyReport report = read.journey();
        assertThat(report.role()).isEqualTo("reader");
        assertThat(report.fresh()).isTrue();
        assertThat(report.object().id()).isEqualTo(written.id().toString());
        assertThat(report.propagationMs()).as("readable 600 ms after the upload's answer, read every 100 ms")
                .isBetween(550.0, 2000.0);
        assertThat(report.upperBound()).isFalse();
        assertThat(report.resolutionMs()).isPositive().isLessThan(report.propagationMs());
        assertThat(report.failuresBefore().missing()).isGreaterThanOrEqualTo(3);
        assertThat(report.reads()).isEqualTo(report.failuresBefore().total() + 1);
        assertThat(read.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("read");
            assertThat(step.integrity().ok()).isTrue();
            assertThat(step.conditions()).anySatisfy(c -> {
                assertThat(c.condition()).isEqualTo("[PROPAGATION] < 10s");
                assertThat(c.ok()).isTrue();
            });
        });
        assertThat(read.durationMs()).as("the run's latency is its read's, not the wait").isLessThan(500);
    }

    @Test
    void a_first_read_that_is_already_identical_is_an_upper_bound() throws Exception {
        Check check = journey("[PROPAGATION] < 10s");
        Instant round = Instant.now();
        CheckResult written = run(check, in("eu-west", round, JourneyPlace.ObjectSource.NONE));

        CheckResult read = run(check, in("us-east", round, handing(written, Optional.empty())));

        assertThat(read.ok()).isTrue();
        assertThat(read.journey().upperBound()).isTrue();
        assertThat(read.journey().resolutionMs()).isNull();
        assertThat(read.journey().failuresBefore().total()).isZero();
    }

    @Test
    void a_region_that_never_sees_the_object_fails_saying_what_it_read() throws Exception {
        lag = Duration.ofMillis(-1);
        Check check = journey("[PROPAGATION] < 10s");
        Instant round = Instant.now();
        CheckResult written = run(check, in("eu-west", round, JourneyPlace.ObjectSource.NONE));

        CheckResult read = run(check, in("us-east", round, handing(written, Optional.empty())));

        assertThat(read.ok()).isFalse();
        assertThat(read.error().kind()).isEqualTo(ErrorKind.STATUS);
        assertThat(read.error().message()).startsWith("us-east did not read the object written by eu-west-1 (eu-west)")
                .contains("within the check's timeout of 3s").contains("missing (404)");
        assertThat(read.journey().propagationMs()).isNull();
        assertThat(read.journey().failuresBefore().missing()).isEqualTo(read.journey().reads()).isGreaterThan(5);
    }

    @Test
    void bytes_of_the_object_before_are_stale_and_other_bytes_are_different() throws Exception {
        lag = Duration.ofMillis(400);
        byte[] previous = "the previous object".getBytes(StandardCharsets.UTF_8);
        before = previous;
        Check check = journey("[PROPAGATION] < 10s");
        Instant round = Instant.now();
        CheckResult written = run(check, in("eu-west", round, JourneyPlace.ObjectSource.NONE));

        CheckResult stale = run(check, in("us-east", round, handing(written,
                Optional.of(MediaTypes.sha256(previous)))));
        assertThat(stale.ok()).isTrue();
        assertThat(stale.journey().failuresBefore().stale()).isPositive();
        assertThat(stale.journey().failuresBefore().different()).isZero();

        lag = Duration.ofMillis(400);
        CheckResult rewritten = run(check, in("eu-west", round, JourneyPlace.ObjectSource.NONE));
        CheckResult different = run(check, in("us-east", round, handing(rewritten, Optional.of("0".repeat(64)))));
        assertThat(different.ok()).isTrue();
        assertThat(different.journey().failuresBefore().different()).isPositive();
        assertThat(different.journey().failuresBefore().stale()).isZero();
    }

    @Test
    void a_slow_propagation_fails_its_condition() throws Exception {
        lag = Duration.ofMillis(500);
        Check check = journey("[PROPAGATION] < 200ms");
        Instant round = Instant.now();
        CheckResult written = run(check, in("eu-west", round, JourneyPlace.ObjectSource.NONE));

        CheckResult read = run(check, in("us-east", round, handing(written, Optional.empty())));

        assertThat(read.ok()).isFalse();
        assertThat(read.error().kind()).isEqualTo(ErrorKind.CONDITION);
        assertThat(read.error().message()).startsWith("condition [PROPAGATION] < 200ms failed");
        assertThat(read.journey().propagationMs()).isGreaterThan(450.0);
    }

    @Test
    void an_object_of_an_earlier_round_is_read_again_without_measuring_its_propagation_again() throws Exception {
        Check check = journey("[PROPAGATION] < 10s");
        Instant earlier = Instant.now().minusSeconds(10);
        CheckResult written = run(check, in("eu-west", earlier, JourneyPlace.ObjectSource.NONE));

        CheckResult read = run(check, in("us-east", earlier.plusSeconds(10), handing(written, Optional.empty())));

        assertThat(read.ok()).isTrue();
        assertThat(read.journey().fresh()).isFalse();
        assertThat(read.journey().propagationMs()).isNull();
        assertThat(read.steps().get(0).conditions()).noneMatch(c -> c.condition().startsWith("[PROPAGATION]"));
    }

    @Test
    void a_reader_with_nothing_published_yet_says_so_as_the_probes_trouble_not_the_sites() throws Exception {
        CheckResult read = run(journey("[PROPAGATION] < 10s"), in("us-east", Instant.now(),
                JourneyPlace.ObjectSource.NONE));

        assertThat(read.ok()).isFalse();
        assertThat(read.error().kind()).isEqualTo(ErrorKind.PROBE);
        assertThat(read.error().message()).startsWith("nothing to read yet");
        assertThat(uploads.get()).as("a reader runs none of the steps").isZero();
    }

    @Test
    void a_reader_that_cannot_ask_the_api_says_so_as_the_probes_trouble() throws Exception {
        CheckResult read = run(journey("[PROPAGATION] < 10s"), in("us-east", Instant.now(), (check, round, wait) -> {
            throw new IOException("connection refused");
        }));

        assertThat(read.error().kind()).isEqualTo(ErrorKind.PROBE);
        assertThat(read.error().message()).contains("connection refused");
    }

    @Test
    void with_rotate_the_regions_write_in_turn_round_by_round() throws Exception {
        Check check = TestChecks.parse("""
                name: rotating
                kind: scenario
                interval: 30s
                regions: [eu-west, us-east, ap-south]
                steps:
                  - name: upload
                    http: {method: POST, url: "http://127.0.0.1:1/upload", body: {file: images/glassprobe.png}}
                    capture: {object: {json: url}}
                journey:
                  writer: rotate
                  publish: {step: upload, url: "http://127.0.0.1:1${object}"}
                  read: {http: {url: "${object_url}"}}
                """);
        long k = 1_000_000;
        List<String> writers = java.util.stream.LongStream.range(k, k + 4)
                .mapToObj(i -> check.journey().orElseThrow().writerOf(check.regions(),
                        Instant.ofEpochMilli(i * 30_000 + 1234), check.interval()))
                .toList();
        assertThat(writers).as("round k writes in regions[k mod 3]; 1000000 mod 3 = 1")
                .containsExactly("us-east", "ap-south", "eu-west", "us-east");
    }

    private static byte[] image() {
        try {
            return Files.readAllBytes(TestChecks.EXAMPLES.resolve("images/glassprobe.png"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
