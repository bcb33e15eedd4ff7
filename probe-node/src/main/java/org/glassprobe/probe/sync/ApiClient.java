package org.glassprobe.probe.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.glassprobe.probe.command.Command;
import org.glassprobe.probe.ship.Delivery;
import org.glassprobe.probe.ship.ResultsEndpoint;
import org.glassprobe.scenarios.result.ErrorBody;
import org.glassprobe.scenarios.result.JourneyReport;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.run.JourneyPlace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The probe's side of the results API (docs/api.md): enrolment, its assigned checks with their
 * ETag, heartbeats, result batches and the command channel's long poll. Answers are read tolerantly, so probes and APIs of
 * different versions can run side by side.
 *
 * <p>It may know several addresses of the API (replicas without a load balancer). Each call goes to
 * the address that answered last; when that one cannot be reached or answers that it is unavailable
 * (502, 503, 504), the same call tries the next address, in the order given, each once. Sending a
 * batch again to another replica is safe: the API stores each result once by its id.
 */
public final class ApiClient implements ResultsEndpoint {
    private static final Logger logger = LoggerFactory.getLogger(ApiClient.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** Answers that say this address cannot serve now, where another replica may. */
    private static final Set<Integer> UNAVAILABLE = Set.of(502, 503, 504);
    /** How much longer than a long poll's wait its read may take before the probe gives up on it. */
    private static final Duration LONG_POLL_SLACK = Duration.ofSeconds(10);
    private static final String NOT_A_URL = "is not an http or https URL; write the results API's address in full,"
            + " e.g. http://127.0.0.1:8080";

    private final List<HttpUrl> bases;
    private final AtomicInteger current = new AtomicInteger();
    private final String token;
    private final OkHttpClient http;
    private final int maxAnswerChars;
    private final ObjectMapper json = ResultJson.newMapper();

    /**
     * How the client calls the API.
     *
     * @param timeout        bound on every call
     * @param connectTimeout bound on connecting, within the call's
     * @param maxAnswerChars the largest answer it reads
     */
    public record Options(Duration timeout, Duration connectTimeout, int maxAnswerChars) {
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
        }
    }

    /**
     * @param base  the API's URL, e.g. http://127.0.0.1:8080
     * @param token the bearer token (a probe's, or for enrolment the admin's)
     */
    public ApiClient(HttpUrl base, String token, Options options) {
        this(List.of(base), token, options);
    }

    /**
     * @param bases the API's addresses, tried in this order when one fails (at least one)
     * @param token the bearer token (a probe's, or for enrolment the admin's)
     */
    public ApiClient(List<HttpUrl> bases, String token, Options options) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("at least one results API address is needed");
        }
        this.bases = List.copyOf(bases);
        this.token = token;
        this.maxAnswerChars = options.maxAnswerChars();
        this.http = new OkHttpClient.Builder()
                .callTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .connectTimeout(Math.min(options.timeout().toMillis(), options.connectTimeout().toMillis()),
                        TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(true)
                .build();
    }

    /** Parses an API URL given by a person, with a message that says how to write it. */
    public static HttpUrl url(String text) {
        HttpUrl url = HttpUrl.parse(text);
        if (url == null) {
            throw new IllegalArgumentException("\"" + text + "\" " + NOT_A_URL);
        }
        return url;
    }

    /** What is wrong with an API URL given by a person, after the value; empty when it is one. */
    public static Optional<String> urlProblem(String text) {
        return HttpUrl.parse(text) == null ? Optional.of(NOT_A_URL) : Optional.empty();
    }

    /** Parses one API URL or several separated by commas (replicas, tried in that order when one fails). */
    public static List<HttpUrl> urls(String text) {
        Optional<String> problem = urlsProblem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("\"" + text + "\" " + problem.get());
        }
        return Arrays.stream(text.split(",")).map(String::strip).map(HttpUrl::parse).toList();
    }

    /** What is wrong with a comma-separated list of API URLs, after the value; empty when nothing is. */
    public static Optional<String> urlsProblem(String text) {
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (HttpUrl.parse(part) == null) {
                return Optional.of(parts.length == 1 ? NOT_A_URL : "has an address (number " + (i + 1) + ", \""
                        + part + "\") that " + NOT_A_URL + "; separate several with commas");
            }
        }
        return Optional.empty();
    }

    /** The identity a new probe receives at enrolment. */
    public record Enrolled(String name, String region, String token) {}

    /** Enrols a probe (the client must hold the admin token). */
    public Enrolled enrol(String name, String region, Map<String, String> labels) throws ApiException {
        ObjectNode body = json.createObjectNode().put("name", name).put("region", region);
        ObjectNode labelNode = body.putObject("labels");
        labels.forEach(labelNode::put);
        JsonNode answer = call(post("/api/v1/probes", body), "enrol the probe");
        return new Enrolled(answer.path("name").asText(name), answer.path("region").asText(region),
                answer.path("token").asText());
    }

    /**
     * The checks assigned to this probe; empty when they are unchanged since {@code etag}
     * (the API answered 304).
     */
    public Optional<AssignedChecks> checks(String etag) throws ApiException {
        try (Response response = execute(base -> {
            Request.Builder request = new Request.Builder().url(base.resolve("/api/v1/probe/checks")).get();
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            return authorised(request);
        })) {
            if (response.code() == 304) {
                return Optional.empty();
            }
            JsonNode answer = answer(response, "fetch the checks");
            String newEtag = response.header("ETag", answer.path("etag").asText(""));
            List<AssignedChecks.Assigned> checks = new ArrayList<>();
            for (JsonNode c : answer.path("checks")) {
                Map<String, byte[]> files = new LinkedHashMap<>();
                for (JsonNode f : c.path("files")) {
                    files.put(f.path("path").asText(), Base64.getDecoder().decode(f.path("base64").asText("")));
                }
                JsonNode source = c.path("source");
                checks.add(new AssignedChecks.Assigned(c.path("name").asText(), c.path("version").asText(""),
                        source.path("file").asText(c.path("name").asText() + ".yaml"), source.path("text").asText(),
                        source.path("format").asText("yaml"), files));
            }
            return Optional.of(new AssignedChecks(answer.path("region").asText(""), newEtag, checks));
        } catch (IOException e) {
            throw unreachable("fetch the checks", e);
        } catch (IllegalArgumentException e) {
            throw new ApiException("the API sent checks that cannot be read: " + e.getMessage(), 200, true);
        }
    }

    /**
     * The newest object written for a journey check, waiting on the API (up to {@code wait}) while
     * the newest is from a round before {@code round}.
     */
    public JourneyPlace.Lookup journeyObject(String check, Instant round, Duration wait) throws ApiException {
        OkHttpClient patient = http.newBuilder().callTimeout(http.callTimeoutMillis() + wait.toMillis(),
                TimeUnit.MILLISECONDS).build();
        String what = "ask for the object of journey " + check;
        try (Response response = execute(patient, base -> authorised(new Request.Builder().url(base.newBuilder()
                .addPathSegments("api/v1/probe/journeys").addPathSegment(check)
                .addQueryParameter("round", round.toString())
                .addQueryParameter("wait", wait.toMillis() + "ms").build()).get()))) {
            JsonNode answer = answer(response, what);
            JsonNode object = answer.path("object");
            Optional<JourneyReport.PublishedObject> published = object.isObject()
                    ? Optional.of(json.treeToValue(object, JourneyReport.PublishedObject.class)) : Optional.empty();
            JsonNode previous = answer.path("previousSha256");
            return new JourneyPlace.Lookup(published, previous.isTextual() ? Optional.of(previous.asText())
                    : Optional.empty());
        } catch (IOException e) {
            throw unreachable(what, e);
        } catch (IllegalArgumentException e) {
            throw new ApiException("the API sent an object that cannot be read: " + e.getMessage(), 200, true);
        }
    }

    /**
     * The commands pending for this probe (docs/api.md, Commands: confirmation runs), waiting on the
     * API up to {@code wait} while every pending one is in {@code have}. Read tolerantly: unknown fields
     * are ignored, and so is a command of a type this probe does not know or one it cannot read (at
     * debug: a newer API may send them).
     *
     * @param have       the ids of the commands this probe has already (at most 64, as the API takes)
     * @param cancelWith is given a way to end the request while it waits (an interrupt does not end
     *                   a blocked read), before it is made
     */
    public Command.Answer commands(Duration wait, Collection<String> have, Consumer<Runnable> cancelWith)
            throws ApiException {
        // The API holds the request up to wait: the read and the whole call must outlast it.
        OkHttpClient patient = http.newBuilder()
                .callTimeout(http.callTimeoutMillis() + wait.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(wait.plus(LONG_POLL_SLACK).toMillis(), TimeUnit.MILLISECONDS).build();
        String what = "ask for commands";
        try (Response response = execute(patient, cancelWith, base -> {
            HttpUrl.Builder url = base.newBuilder().addPathSegments("api/v1/probe/commands")
                    .addQueryParameter("wait", wait.toMillis() + "ms");
            if (!have.isEmpty()) {
                url.addQueryParameter("have", String.join(",", have));
            }
            return authorised(new Request.Builder().url(url.build()).get());
        })) {
            JsonNode answer = answer(response, what);
            List<Command> commands = new ArrayList<>();
            for (JsonNode c : answer.path("commands")) {
                command(c).ifPresent(commands::add);
            }
            JsonNode etag = answer.path("checksEtag");
            return new Command.Answer(commands, etag.isTextual() ? etag.asText() : null);
        } catch (IOException e) {
            throw unreachable(what, e);
        }
    }

    /** One command of the answer, if it is of a type this probe knows and has what that type needs. */
    private static Optional<Command> command(JsonNode c) {
        String type = c.path("type").asText("");
        if (!type.equals("confirm")) {
            logger.atDebug().addKeyValue("type", type).addKeyValue("id", c.path("id").asText(""))
                    .log("ignoring a command of a type this probe does not know");
            return Optional.empty();
        }
        String id = c.path("id").asText("");
        String check = c.path("check").asText("");
        Instant deadline;
        try {
            deadline = Instant.parse(c.path("deadline").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            deadline = null;
        }
        if (id.isEmpty() || check.isEmpty() || deadline == null) {
            logger.atDebug().addKeyValue("command", c.toString())
                    .log("ignoring a confirm command without an id, a check or a deadline this probe can read");
            return Optional.empty();
        }
        JsonNode t = c.path("trigger");
        return Optional.of(new Command(id, check, c.path("reason").asText(""), deadline, new Command.Trigger(
                t.path("probe").asText(""), t.path("region").asText(""), t.path("result").asText(""),
                t.path("startedAt").asText(""))));
    }

    /** What the API says back to a heartbeat. */
    public record HeartbeatAnswer(String status, String checksEtag) {}

    public HeartbeatAnswer heartbeat(JsonNode heartbeat) throws ApiException {
        JsonNode answer = call(post("/api/v1/probe/heartbeat", heartbeat), "send a heartbeat");
        return new HeartbeatAnswer(answer.path("status").asText(""),
                answer.hasNonNull("checksEtag") ? answer.get("checksEtag").asText() : null);
    }

    /** Sends a batch of results; the answer says what the shipper should do with it. */
    @Override
    public Delivery send(List<byte[]> results) {
        Buffer body = new Buffer().writeUtf8("{\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                body.writeByte(',');
            }
            body.write(results.get(i));
        }
        body.writeUtf8("]}");
        RequestBody batch = RequestBody.create(body.readByteString(), JSON);
        try (Response response = execute(base -> authorised(new Request.Builder()
                .url(base.resolve("/api/v1/probe/results")).post(batch)))) {
            String text = response.body().string();
            JsonNode answer = parse(text);
            int code = response.code();
            if (code == 200) {
                return new Delivery.Accepted(answer.path("stored").asInt(results.size()),
                        answer.path("duplicates").asInt(0) + answer.path("expired").asInt(0),
                        answer.path("unassigned").asInt(0));
            }
            ErrorBody refusal = ErrorBody.read(answer, text.isBlank() ? "HTTP " + code : text);
            String error = refusal.error();
            if (code == 401 || code == 403) {
                return new Delivery.Fatal("HTTP " + code + ": " + error);
            }
            OptionalInt first = refusal.firstItem();
            if ((code == 400 || code == 413 || code == 422) && first.isPresent()) {
                return new Delivery.Rejected(first.getAsInt(), error);
            }
            if (code == 408 || code == 429 || code >= 500) {
                return new Delivery.Transient("HTTP " + code + ": " + error);
            }
            return new Delivery.Fatal("HTTP " + code + ": " + error);
        } catch (IOException e) {
            return new Delivery.Transient("cannot reach the results API at " + addresses() + ": " + message(e));
        }
    }

    private Function<HttpUrl, Request> post(String path, JsonNode body) {
        RequestBody bytes;
        try {
            bytes = RequestBody.create(json.writeValueAsBytes(body), JSON);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return base -> authorised(new Request.Builder().url(base.resolve(path)).post(bytes));
    }

    /**
     * Makes the call at the address that answered last, then at the next ones in turn while an address
     * cannot be reached or answers 502, 503 or 504 (the last address's answer is returned as it is).
     */
    private Response execute(Function<HttpUrl, Request> request) throws IOException {
        return execute(http, request);
    }

    private Response execute(OkHttpClient client, Function<HttpUrl, Request> request) throws IOException {
        return execute(client, cancel -> { }, request);
    }

    private Response execute(OkHttpClient client, Consumer<Runnable> cancelWith, Function<HttpUrl, Request> request)
            throws IOException {
        int first = current.get();
        IOException failure = null;
        for (int k = 0; k < bases.size(); k++) {
            int index = (first + k) % bases.size();
            HttpUrl base = bases.get(index);
            boolean last = k == bases.size() - 1;
            try {
                Call call = client.newCall(request.apply(base));
                cancelWith.accept(call::cancel);
                Response response = call.execute();
                if (!last && UNAVAILABLE.contains(response.code())) {
                    response.close();
                    moveOn(base, "HTTP " + response.code());
                    continue;
                }
                if (current.compareAndSet(first, index) && index != first) {
                    logger.atInfo().addKeyValue("api", base).log("using the results API at this address now");
                }
                return response;
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (!last) {
                    moveOn(base, message(e));
                }
            }
        }
        throw failure;
    }

    private void moveOn(HttpUrl base, String why) {
        logger.atInfo().addKeyValue("api", base).addKeyValue("error", why)
                .log("the results API at this address is unavailable; trying the next one");
    }

    /** The addresses as a person gave them, for messages. */
    private String addresses() {
        return bases.stream().map(HttpUrl::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    private Request authorised(Request.Builder request) {
        return request.header("Authorization", "Bearer " + token)
                .header("User-Agent", "glassprobe-probe/" + version()).build();
    }

    private JsonNode call(Function<HttpUrl, Request> request, String what) throws ApiException {
        try (Response response = execute(request)) {
            return answer(response, what);
        } catch (IOException e) {
            throw unreachable(what, e);
        }
    }

    private JsonNode answer(Response response, String what) throws IOException, ApiException {
        String text = response.body().string();
        if (text.length() > maxAnswerChars) {
            throw new ApiException("the API's answer to " + what + " is too large", response.code(), true);
        }
        if (response.isSuccessful()) {
            return parse(text);
        }
        String error = ErrorBody.read(parse(text), text.isBlank() ? response.message() : text).error();
        int code = response.code();
        boolean transientFailure = code == 408 || code == 429 || code >= 500;
        String hint = code == 401 ? " (the token is not known to the API: enrol this probe again, or check"
                + " --api)" : code == 403 ? " (this token may not do that)" : "";
        throw new ApiException("cannot " + what + ": HTTP " + code + ": " + error + hint, code, transientFailure);
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = text.isBlank() ? null : json.readTree(text);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    private ApiException unreachable(String what, IOException e) {
        return new ApiException("cannot " + what + ": the results API at " + addresses() + " does not answer ("
                + message(e) + ")", 0, true);
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The address that answered last (the first given, before any call). */
    public HttpUrl base() {
        return bases.get(current.get());
    }

    static String version() {
        String v = ApiClient.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
