package org.glassprobe.probe.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.glassprobe.probe.metrics.ProbeMetrics;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.probe.sync.CheckSync;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.Timestamps;
import org.glassprobe.scheduler.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The command channel with the real client against a stand-in for the results API on loopback
 * (com.sun.net.httpserver): what it hands over, what it sends, and how it paces itself.
 */
class CommandChannelTest {
    private static final ApiClient.Options OPTIONS = new ApiClient.Options(Duration.ofSeconds(5),
            Duration.ofSeconds(2), 1 << 20);
    private final ObjectMapper json = ResultJson.newMapper();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Command> handed = new CopyOnWriteArrayList<>();
    private final List<String> etags = new CopyOnWriteArrayList<>();
    private final ProbeMetrics metrics = new ProbeMetrics();
    private HttpServer api;
    private CommandChannel channel;
    /** What the stand-in answers to the n-th request (from 0). */
    private volatile Function<Integer, Answer> answers;

    /** A request as the stand-in saw it: its query parameters. */
    record Request(String waitParam, List<String> have, String authorization) {}

    record Answer(int status, String body, Duration delay) {
        static Answer ok(String body) {
            return new Answer(200, body, Duration.ZERO);
        }
    }

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        api.setExecutor(Executors.newCachedThreadPool());
        api.createContext("/api/v1/probe/commands", exchange -> {
            String wait = null;
            List<String> have = List.of();
            String query = exchange.getRequestURI().getQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("wait")) {
                    wait = kv[1];
                } else if (kv[0].equals("have")) {
                    have = Arrays.asList(kv[1].split(","));
                }
            }
            int n = requests.size();
            requests.add(new Request(wait, have, exchange.getRequestHeaders().getFirst("Authorization")));
            Answer a = answers.apply(n);
            try {
                Thread.sleep(a.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, a.status(), a.body());
        });
        api.start();
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.stop(Duration.ofSeconds(2));
        }
        api.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private ApiClient client() {
        return new ApiClient(HttpUrl.parse("http://127.0.0.1:" + api.getAddress().getPort()), "probe-token", OPTIONS);
    }

    /** The channel as the agent makes it (ProbeSettings' pacing), handing over into the lists. */
    private CommandChannel start(ApiClient client, CommandChannel.Listener listener) {
        channel = new CommandChannel(client::commands, listener, new CommandChannel.Options(Duration.ofSeconds(25),
                Duration.ofSeconds(1), Duration.ofSeconds(1), new Backoff(Duration.ofSeconds(1),
                        Duration.ofSeconds(30), Backoff.Jitter.EQUAL, Math::random)), metrics, Clock.systemUTC());
        channel.start();
        return channel;
    }

    private CommandChannel start() {
        return start(client(), new CommandChannel.Listener() {
            @Override
            public void command(Command command) {
                handed.add(command);
            }

            @Override
            public void checksEtag(String etag) {
                etags.add(etag);
            }
        });
    }

    private String commands(String etag, String... ids) throws IOException {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("commands");
        for (String id : ids) {
            ObjectNode c = list.addObject().put("id", id).put("type", "confirm").put("check", "home")
                    .put("reason", "failure").put("deadline", Timestamps.format(Instant.now().plusSeconds(60)))
                    .put("somethingNew", 1);
            c.putObject("trigger").put("probe", "eu-west-1").put("region", "eu-west").put("result", "r1")
                    .put("startedAt", Timestamps.format(Instant.now()));
        }
        if (etag != null) {
            root.put("checksEtag", etag);
        }
        return json.writeValueAsString(root);
    }

    private String metricsText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void a_command_is_handed_over_once_though_the_api_sends_it_again_and_later_requests_say_the_probe_has_it()
            throws Exception {
        String body = commands(null, "c1");
        // as the API would while c1 is pending and the probe has it: hold the request a while, then answer
        answers = n -> n == 0 ? Answer.ok(body) : new Answer(200, body, Duration.ofMillis(300));

        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 4);
        assertThat(handed).extracting(Command::id).containsExactly("c1");
        Command c = handed.get(0);
        assertThat(c.check()).isEqualTo("home");
        assertThat(c.reason()).isEqualTo("failure");
        assertThat(c.trigger().probe()).isEqualTo("eu-west-1");
        assertThat(requests.get(0).have()).isEmpty();
        assertThat(requests.subList(1, requests.size())).allSatisfy(r -> assertThat(r.have()).containsExactly("c1"));
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.waitParam()).isEqualTo("25000ms");
            assertThat(r.authorization()).isEqualTo("Bearer probe-token");
        });
        assertThat(metricsText()).contains("glassprobe_probe_command_channel_up 1.0");
    }

    @Test
    void commands_of_unknown_types_and_unreadable_ones_are_left_out() throws Exception {
        String body = """
                {"commands": [{"id": "x1", "type": "reboot", "check": "home", "deadline": "2099-01-01T00:00:00.000Z"},
                              {"id": "x2", "type": "confirm", "check": "home", "deadline": "soon"},
                              {"id": "x3", "type": "confirm", "check": "home", "reason": "recovery",
                               "deadline": "2099-01-01T00:00:00.000Z"}]}""";
        answers = n -> n == 0 ? Answer.ok(body) : new Answer(200, "{\"commands\":[]}", Duration.ofMillis(300));

        start();

        await().atMost(Duration.ofSeconds(5)).until(() -> handed.size() >= 1);
        assertThat(handed).extracting(Command::id).containsExactly("x3");
        assertThat(handed.get(0).trigger()).isEqualTo(new Command.Trigger("", "", "", ""));
    }

    @Test
    void the_ids_a_request_says_it_has_are_the_newest_64() throws Exception {
        String[] ids = new String[70];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "c" + i;
        }
        String body = commands(null, ids);
        answers = n -> n == 0 ? Answer.ok(body) : new Answer(200, "{\"commands\":[]}", Duration.ofMillis(300));

        start();

        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 2);
        assertThat(handed).hasSize(70);
        assertThat(requests.get(1).have()).hasSize(64).startsWith("c6").endsWith("c69");
    }

    @Test
    void a_quick_answer_with_nothing_new_is_followed_by_a_pause_not_a_loop() throws Exception {
        answers = n -> Answer.ok("{\"commands\":[]}");

        start();
        Thread.sleep(3_500);

        // one at once, then one a second at most
        assertThat(requests.size()).isBetween(3, 5);
    }

    @Test
    void a_failing_api_is_asked_again_with_a_growing_backoff_and_the_outage_is_logged_once() throws Exception {
        ListAppender<ILoggingEvent> events = watch();
        try {
            AtomicInteger failures = new AtomicInteger(3);
            answers = n -> failures.getAndDecrement() > 0 ? new Answer(503, "{\"error\":\"restarting\"}",
                    Duration.ZERO) : new Answer(200, "{\"commands\":[]}", Duration.ofMillis(300));

            start();
            Thread.sleep(2_500);
            int early = requests.size();
            assertThat(metricsText()).contains("glassprobe_probe_command_channel_up 0.0");
            // waits of 0.5-1 s, then 1-2 s, then 2-4 s: not a loop
            assertThat(early).as("requests in 2.5 s while failing").isBetween(2, 4);
            await().atMost(Duration.ofSeconds(15)).until(() -> requests.size() >= 5);

            assertThat(events.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getMessage)
                    .containsExactly("the command channel is lost; reconnecting with backoff, checks keep running on"
                            + " schedule and are pulled by ETag");
            assertThat(events.list).filteredOn(e -> e.getLevel() == Level.INFO).extracting(ILoggingEvent::getMessage)
                    .containsExactly("the command channel reaches the results API again");
            assertThat(metricsText()).contains("glassprobe_probe_command_channel_up 1.0");
        } finally {
            unwatch(events);
        }
    }

    @Test
    void an_api_without_the_route_is_backed_off_from_too() throws Exception {
        ListAppender<ILoggingEvent> events = watch();
        try {
            answers = n -> new Answer(404, "", Duration.ZERO);

            start();
            Thread.sleep(2_500);

            assertThat(requests.size()).isBetween(2, 4);
            assertThat(events.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                    .extracting(ILoggingEvent::getMessage).asString().contains("older than this probe");
        } finally {
            unwatch(events);
        }
    }

    @Test
    void a_refused_token_is_logged_once_as_an_error_saying_to_enrol_again_and_backed_off() throws Exception {
        ListAppender<ILoggingEvent> events = watch();
        try {
            answers = n -> new Answer(401, "{\"error\":\"unknown token\"}", Duration.ZERO);

            start();
            Thread.sleep(2_500);

            assertThat(requests.size()).isBetween(2, 4);
            assertThat(events.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                    .extracting(ILoggingEvent::getMessage).asString().contains("enrol the probe again");
        } finally {
            unwatch(events);
        }
    }

    @Test
    void stopping_ends_a_request_the_api_holds() throws Exception {
        answers = n -> new Answer(200, "{\"commands\":[]}", Duration.ofSeconds(20));
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 1);

        long t0 = System.nanoTime();
        channel.stop(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        channel = null;
        Thread.sleep(300);
        assertThat(requests).hasSize(1);
    }

    @Test
    void a_checks_etag_other_than_the_one_held_pulls_the_checks_now(@TempDir Path dir) throws Exception {
        AtomicInteger pulls = new AtomicInteger();
        List<String> served = new CopyOnWriteArrayList<>(List.of("\"e1\"", "\"e2\""));
        api.createContext("/api/v1/probe/checks", exchange -> {
            int n = pulls.getAndIncrement();
            String etag = served.get(Math.min(n, served.size() - 1));
            ObjectNode answer = json.createObjectNode().put("region", "eu-west");
            ObjectNode check = answer.putArray("checks").addObject().put("name", "home").put("version", etag);
            check.putObject("source").put("file", "home.yaml").put("format", "yaml").put("text", """
                    name: home
                    kind: ping
                    interval: 1s
                    timeout: 500ms
                    http: {url: "http://127.0.0.1:1/%s"}
                    """.formatted(n));
            check.putArray("files");
            exchange.getResponseHeaders().set("ETag", etag);
            answer(exchange, 200, json.writeValueAsString(answer));
        });
        ApiClient client = client();
        List<List<Check>> applied = new CopyOnWriteArrayList<>();
        CheckSync sync = new CheckSync(client, dir.resolve("checks.json"), CheckLanguage.standard(), applied::add,
                Clock.systemUTC());
        sync.pull();
        assertThat(sync.etag()).isEqualTo("\"e1\"");
        String withE2 = commands("\"e2\"");
        answers = n -> new Answer(200, withE2, Duration.ofMillis(300));
        ExecutorService timers = Executors.newSingleThreadExecutor();
        try {
            start(client, new CommandChannel.Listener() {
                @Override
                public void command(Command command) {
                    handed.add(command);
                }

                @Override
                public void checksEtag(String etag) {
                    sync.heard(etag, timers);
                }
            });

            await().atMost(Duration.ofSeconds(5)).until(() -> "\"e2\"".equals(sync.etag()));
            assertThat(applied).hasSize(2);
            int asked = requests.size();
            await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= asked + 3);
            assertThat(pulls).as("the same ETag again pulls nothing").hasValue(2);
        } finally {
            timers.shutdownNow();
        }
    }

    private static ListAppender<ILoggingEvent> watch() {
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Logger logger = (Logger) LoggerFactory.getLogger(CommandChannel.class);
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
        return events;
    }

    private static void unwatch(ListAppender<ILoggingEvent> events) {
        ((Logger) LoggerFactory.getLogger(CommandChannel.class)).detachAppender(events);
    }
}
