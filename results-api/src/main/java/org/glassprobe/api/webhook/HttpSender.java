package org.glassprobe.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.InvalidSubscription;

/**
 * How every notifier that speaks HTTP sends (the signed webhook, chat webhooks, PagerDuty): a POST
 * to an address the {@link TargetPolicy} allows, checked again on the very addresses it connects to,
 * bounded by one timeout (connecting included), redirects not followed (a 3xx is not a delivery), at
 * most {@code maxResponseBytes} of the answer read. A 2xx is delivered; anything else, no answer or
 * no answer in time is transient; an address the policy refuses is fatal. It also reads a
 * subscription's URL field, so that every kind refuses the same URLs with the same words.
 */
public final class HttpSender {
    public static final MediaType JSON = MediaType.get("application/json");
    private static final int KEPT_ANSWER_CHARS = 200;
    private static final int MAX_URL = 2000;

    private final OkHttpClient http;
    private final TargetPolicy policy;
    private final Duration timeout;
    private final long maxResponseBytes;

    public HttpSender(Duration timeout, long maxResponseBytes, TargetPolicy policy) {
        this.http = new OkHttpClient.Builder().dns(policy).callTimeout(timeout).connectTimeout(timeout)
                .readTimeout(timeout).writeTimeout(timeout).followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).protocols(List.of(Protocol.HTTP_1_1)).build();
        this.policy = policy;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * How a kind reads an answer other than 2xx: what its receiver's status and words mean (a chat
     * service's 404 says the webhook is gone for good, its 429 to come back later).
     */
    @FunctionalInterface
    public interface Classifier {
        /**
         * @param answer the start of the answer's body (at most {@code maxResponseBytes}), stripped
         * @param ms     how long the attempt took
         */
        Attempt classify(int status, String answer, double ms);
    }

    /** Any answer other than 2xx is worth trying again, as Standard Webhooks receivers expect. */
    public static final Classifier RETRY_ANY = (status, answer, ms) -> new Attempt.Transient(status, ms,
            said(status, answer));

    /** {@code the receiver answered 404: no_service}, the answer cut to 200 characters. */
    public static String said(int status, String answer) {
        return "the receiver answered " + status + (answer.isEmpty() ? "" : ": " + shortened(answer));
    }

    /**
     * How a service that says in its status which failures are final is read: a 4xx other than 408
     * (it timed out) and 429 (rate limited) is about the subscription or the message, and trying
     * again cannot help; anything else is tried again.
     */
    public static Attempt byStatus(int status, double ms, String error) {
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return new Attempt.Fatal(status, ms, error);
        }
        return new Attempt.Transient(status, ms, error);
    }

    /** A receiver's words as an attempt's error keeps them: at most 200 characters. */
    public static String shortened(String answer) {
        return answer.length() > KEPT_ANSWER_CHARS ? answer.substring(0, KEPT_ANSWER_CHARS) + "…" : answer;
    }

    /** POSTs the body; {@code shown} is how the address may appear in an error (a chat URL masked). */
    public Attempt post(String address, String shown, Map<String, String> headers, byte[] body, MediaType type) {
        return post(address, shown, headers, body, type, RETRY_ANY);
    }

    /**
     * POSTs the body, the kind's classifier reading an answer other than 2xx. Whatever an error says,
     * the address appears in it only as {@code shown}.
     */
    public Attempt post(String address, String shown, Map<String, String> headers, byte[] body, MediaType type,
            Classifier classifier) {
        Attempt attempt = send(address, shown, headers, body, type, classifier);
        if (attempt.error() == null || address.equals(shown) || !attempt.error().contains(address)) {
            return attempt;
        }
        String error = attempt.error().replace(address, shown);
        return attempt instanceof Attempt.Fatal f ? new Attempt.Fatal(f.status(), f.durationMs(), error)
                : new Attempt.Transient(attempt.status(), attempt.durationMs(), error);
    }

    private Attempt send(String address, String shown, Map<String, String> headers, byte[] body, MediaType type,
            Classifier classifier) {
        long start = System.nanoTime();
        HttpUrl url = HttpUrl.parse(address);
        if (url == null) {
            return new Attempt.Fatal(null, 0, "the URL cannot be requested: " + shown);
        }
        try {
            policy.checkLiteral(url.host());
        } catch (TargetPolicy.RefusedTarget e) {
            return new Attempt.Fatal(null, 0, e.getMessage());
        }
        Request.Builder request = new Request.Builder().url(url).header("User-Agent", "glassprobe-notify");
        headers.forEach(request::header);
        request.post(RequestBody.create(body, type));
        try (Response response = http.newCall(request.build()).execute()) {
            int status = response.code();
            String answer = bounded(response.body()).strip();
            double ms = (System.nanoTime() - start) / 1e6;
            if (status >= 200 && status < 300) {
                return new Attempt.Delivered(status, ms);
            }
            return classifier.classify(status, answer, ms);
        } catch (IOException e) {
            double ms = (System.nanoTime() - start) / 1e6;
            TargetPolicy.RefusedTarget refused = refusal(e);
            if (refused != null) {
                return new Attempt.Fatal(null, ms, refused.getMessage());
            }
            if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                return new Attempt.Transient(null, ms, "interrupted (the API is stopping)");
            }
            if (e instanceof InterruptedIOException) {
                return new Attempt.Transient(null, ms, "no answer within " + timeout.toMillis() + " ms");
            }
            // an exception's message may quote the URL, which for a chat webhook is its credential
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace(address, shown);
            return new Attempt.Transient(null, ms, e.getClass().getSimpleName() + message);
        }
    }

    /**
     * Reads a subscription's URL field: present, http or https, with a host, no credentials, no
     * fragment, at most 2000 characters, and a host the policy allows.
     *
     * @param field   the field's name, for the error
     * @param example what to write instead, for the error
     */
    public String url(String field, JsonNode node, String example) {
        if (node == null || !node.isTextual()) {
            throw new InvalidSubscription(field, "required: " + example);
        }
        String text = node.asText().strip();
        if (text.length() > MAX_URL) {
            throw new InvalidSubscription(field, "has " + text.length() + " characters; at most " + MAX_URL);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidSubscription(field, "is not a URL (" + e.getReason() + "); " + example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidSubscription(field, "must be an http or https URL; " + example);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidSubscription(field, "has no host; " + example);
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidSubscription(field, "must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new InvalidSubscription(field, "must not have a fragment (#...)");
        }
        policy.problem(uri.getHost()).ifPresent(why -> {
            throw new InvalidSubscription(field, why);
        });
        return text;
    }

    /**
     * A URL that is its own credential (a chat webhook's) as it may be shown: scheme, host and the
     * first path segment, the rest masked.
     */
    public static String masked(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return "(hidden)";
        }
        List<String> segments = parsed.pathSegments();
        String first = segments.isEmpty() || segments.get(0).isEmpty() ? "" : "/" + segments.get(0);
        return parsed.scheme() + "://" + parsed.host() + (parsed.port() == HttpUrl.defaultPort(parsed.scheme())
                ? "" : ":" + parsed.port()) + first + "/…";
    }

    private static TargetPolicy.RefusedTarget refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TargetPolicy.RefusedTarget r) {
                return r;
            }
        }
        return null;
    }

    /** At most {@code maxResponseBytes} of the answer, as text; the rest is not read. */
    private String bounded(ResponseBody body) throws IOException {
        if (body == null || maxResponseBytes == 0) {
            return "";
        }
        BufferedSource source = body.source();
        source.request(maxResponseBytes);
        Buffer kept = new Buffer();
        long n = Math.min(maxResponseBytes, source.getBuffer().size());
        source.getBuffer().copyTo(kept, 0, n);
        return kept.readString(StandardCharsets.UTF_8);
    }
}
