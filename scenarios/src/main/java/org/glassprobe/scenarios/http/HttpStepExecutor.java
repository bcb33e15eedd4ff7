package org.glassprobe.scenarios.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.JsonPath;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.YamlNode;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Integrity;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.TlsInfo;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepExecutor;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * Runs HTTP steps with OkHttp: one call per step, timed phase by phase, on a connection pool of
 * the attempt's own (fresh connections each attempt), never retried silently, and bounded by the
 * step's deadline from DNS to the last byte of the body.
 */
public final class HttpStepExecutor implements StepExecutor<HttpStep> {
    /** Bodies longer than this are not read to the end; the step fails. */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    public static final String USER_AGENT = "glassprobe/0.1 (synthetic monitoring; +https://glassprobe.org)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient base;
    private final Clock clock;

    /**
     * @param base  the client whose dispatcher, TLS settings and defaults every call starts from;
     *              see {@link #baseClient()}
     * @param clock for certificate expiry
     */
    public HttpStepExecutor(OkHttpClient base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    /**
     * A client for monitoring: no silent retries (a failure must be seen, not papered over), no
     * per-phase timeouts (the step's deadline bounds the whole call), no response cache.
     */
    public static OkHttpClient baseClient() {
        return new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .connectTimeout(0, TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .writeTimeout(0, TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .build();
    }

    @Override
    public String kind() {
        return HttpStep.KIND;
    }

    @Override
    public Class<HttpStep> stepType() {
        return HttpStep.class;
    }

    @Override
    public StepResult execute(HttpStep step, RunContext context) {
        long deadline = context.stepDeadline(step);
        HttpRequestSpec spec = step.request();
        String url = context.render(spec.url());
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new StepFailure(ErrorKind.SCRIPT, YamlNode.quote(url) + " (from " + spec.url().source()
                    + ") is not an http or https URL");
        }
        Request request = request(spec, parsed, context);
        StepResult.Request asked = new StepResult.Request(spec.method(), parsed.toString());
        HttpSession session = context.resource(HttpSession.class, () -> new HttpSession(base));
        PhaseListener phases = new PhaseListener();
        OkHttpClient client = session.client(spec.acceptUntrusted()).newBuilder()
                .followRedirects(spec.followRedirects())
                .followSslRedirects(spec.followRedirects())
                .eventListener(phases)
                .build();
        Call call = client.newCall(request);
        long remaining = deadline - System.nanoTime();
        call.timeout().timeout(Math.max(1, remaining), TimeUnit.NANOSECONDS);
        context.onCancel(call::cancel);
        int tlsMark = session.tls().mark();

        int status;
        Headers headers;
        byte[] body;
        boolean tooLong;
        try (Response response = call.execute()) {
            status = response.code();
            headers = response.headers();
            ResponseBody responseBody = response.body();
            BufferedSource source = responseBody.source();
            tooLong = source.request(MAX_BODY_BYTES + 1);
            if (tooLong) {
                body = source.getBuffer().readByteArray(MAX_BODY_BYTES);
            } else {
                body = source.readByteArray();
            }
        } catch (IOException e) {
            boolean timedOut = System.nanoTime() - deadline >= 0 || call.isCanceled();
            Phases spent = phases.phases();
            TlsInfo tls = session.tls().newestSince(tlsMark).map(TlsRecorder::info).orElse(null);
            RunError failure = NetworkFailures.of(e, phases, parsed, timedOut, context.deadlineWords(step));
            if (failure.kind() == ErrorKind.TLS && tls != null && tls.problem() != null) {
                // the chain recorded says why in a person's words (expired, untrusted issuer, wrong host
                // name), where the JDK says "PKIX path validation failed" and OkHttp lists the names
                failure = NetworkFailures.tlsFailed(parsed.host() + ":" + parsed.port(), tls.problem());
            }
            return new StepResult(step.name(), step.kind(), false, spent.sum(), asked, null, spent,
                    null, null, null, null, null, failure, null, null, null, tls, null);
        }
        // The step's time is the sum of its phases: what the network and the server took. OkHttp's own
        // bookkeeping between events (about 0.3 ms on a warm JVM here) is the instrument, not the site.
        Phases spent = phases.phases();
        double total = spent.sum();
        String ip = phases.remote() == null ? null : phases.remote().getHostAddress();
        TlsInfo tls = phases.socket() == null ? null
                : session.tls().of(phases.socket()).map(TlsRecorder::info).orElse(null);
        HttpFacts facts = new HttpFacts(status, total, headers, body, ip, tls, clock.instant());

        List<ConditionResult> conditions = new ArrayList<>();
        Map<String, String> captured = new LinkedHashMap<>();
        List<String> captureFailures = new ArrayList<>();
        for (Capture capture : step.captures()) {
            capture(capture, facts).ifPresentOrElse(value -> {
                captured.put(capture.variable(), value);
                context.capture(capture.variable(), value);
            }, () -> captureFailures.add("capture " + capture.variable() + ": " + describeMissing(capture)));
        }
        for (Condition condition : step.conditions()) {
            conditions.add(condition.evaluate(facts, context::lookup));
        }
        List<ConditionResult> warnings = new ArrayList<>();
        for (Condition condition : step.warnings()) {
            warnings.add(condition.evaluate(facts, context::lookup));
        }
        Integrity integrity = step.integrity().map(wanted -> wanted.compare(body, headers.get("Content-Type"))).orElse(null);
        RunError error = verdict(step, conditions, integrity, captureFailures, tooLong);
        return new StepResult(step.name(), step.kind(), error == null, total, asked, status, spent,
                conditions, captured, integrity, null, null, error, null, null, null, tls, warnings);
    }

    private Request request(HttpRequestSpec spec, HttpUrl url, RunContext context) {
        Request.Builder builder = new Request.Builder().url(url);
        boolean userAgent = false;
        for (HttpRequestSpec.Header header : spec.headers()) {
            builder.addHeader(header.name(), context.render(header.value()));
            userAgent |= header.name().equalsIgnoreCase("User-Agent");
        }
        if (!userAgent) {
            builder.header("User-Agent", USER_AGENT);
        }
        builder.method(spec.method(), body(spec.body(), context));
        return builder.build();
    }

    private static RequestBody body(Body body, RunContext context) {
        if (body == null) {
            return null;
        }
        if (body instanceof Body.Text text) {
            return RequestBody.create(context.render(text.text()), MediaType.parse(text.contentType()));
        }
        if (body instanceof Body.Json json) {
            try {
                String rendered = JSON.writeValueAsString(renderJson(json.value(), context));
                return RequestBody.create(rendered, MediaType.parse("application/json; charset=utf-8"));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new StepFailure(ErrorKind.SCRIPT, "the JSON body cannot be written: " + e.getOriginalMessage());
            }
        }
        if (body instanceof Body.Raw raw) {
            return RequestBody.create(raw.file().bytes(), MediaType.parse(raw.file().contentType()));
        }
        Body.Multipart multipart = (Body.Multipart) body;
        MultipartBody.Builder builder = new MultipartBody.Builder().setType(MultipartBody.FORM);
        for (Body.Part part : multipart.parts()) {
            if (part instanceof Body.FieldPart field) {
                builder.addFormDataPart(field.name(), context.render(field.value()));
            } else {
                Body.FilePart file = (Body.FilePart) part;
                String fileName = file.file().path().substring(file.file().path().lastIndexOf('/') + 1);
                builder.addFormDataPart(file.name(), fileName,
                        RequestBody.create(file.file().bytes(), MediaType.parse(file.file().contentType())));
            }
        }
        return builder.build();
    }

    private static Object renderJson(Object value, RunContext context) {
        if (value instanceof Template t) {
            return context.render(t);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, renderJson(v, context)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> renderJson(v, context)).toList();
        }
        if (value instanceof HttpStepSyntax.JsonNull) {
            return JsonNodeFactory.instance.nullNode();
        }
        return value;
    }

    private static Optional<String> capture(Capture capture, HttpFacts facts) {
        return switch (capture.source()) {
            case JSON -> facts.json().flatMap(JsonPath.parse(capture.expression())::find);
            case HEADER -> facts.header(capture.expression());
            case REGEX -> {
                Matcher m = capture.regex().matcher(facts.text());
                yield m.find() ? Optional.of(m.groupCount() > 0 ? m.group(1) : m.group()) : Optional.empty();
            }
        };
    }

    private static String describeMissing(Capture capture) {
        return switch (capture.source()) {
            case JSON -> "no value at JSON path \"" + capture.expression() + "\" in the response body";
            case HEADER -> "the response has no header " + capture.expression();
            case REGEX -> "the response body does not match /" + capture.expression() + "/";
        };
    }

    /** The step's error, if any: a wrong status first (it explains the rest), then integrity, then the others. */
    private static RunError verdict(HttpStep step, List<ConditionResult> conditions, Integrity integrity,
            List<String> captureFailures, boolean tooLong) {
        List<ConditionResult> failed = conditions.stream().filter(c -> !c.ok()).toList();
        List<Condition> declared = step.conditions();
        Optional<ConditionResult> status = failed.stream()
                .filter(c -> declared.stream().anyMatch(d -> d.source().equals(c.condition())
                        && d.left().kind() == Placeholder.Kind.STATUS && d.left().function() == Placeholder.Function.NONE))
                .findFirst();
        if (status.isPresent()) {
            return new RunError(ErrorKind.STATUS, null, describe(status.get(), failed.size()));
        }
        if (tooLong) {
            return new RunError(ErrorKind.CONDITION, null, "the response body is longer than "
                    + MAX_BODY_BYTES + " bytes; glassprobe reads at most that much");
        }
        if (integrity != null && !integrity.ok()) {
            return new RunError(ErrorKind.INTEGRITY, null, integrity.describe());
        }
        if (!captureFailures.isEmpty()) {
            return new RunError(ErrorKind.CONDITION, null, String.join("; ", captureFailures));
        }
        if (!failed.isEmpty()) {
            return new RunError(ErrorKind.CONDITION, null, describe(failed.get(0), failed.size()));
        }
        return null;
    }

    private static String describe(ConditionResult failed, int failures) {
        String message = "condition " + failed.condition() + (failed.implicit() ? " (default)" : "") + " failed: actual "
                + (failed.actual() == null ? "nothing (no such value)" : YamlNode.quote(failed.actual()));
        return failures > 1 ? message + " (and " + (failures - 1) + " more condition"
                + (failures > 2 ? "s" : "") + " failed)" : message;
    }



}
