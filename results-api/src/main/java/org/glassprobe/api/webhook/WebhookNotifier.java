package org.glassprobe.api.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import org.glassprobe.api.notify.Notifier;

/**
 * Delivers a message as a Standard Webhooks POST: the JSON body, {@code webhook-id} (the message's
 * id, the same on every attempt), {@code webhook-timestamp} (the attempt's time in seconds) and
 * {@code webhook-signature}. A 2xx answer is delivered; anything else, no answer or no answer within
 * the timeout is transient; an address the {@link TargetPolicy} refuses is fatal. Redirects are not
 * followed (a 3xx is not a delivery). At most {@code maxResponseBytes} of the answer are read; the
 * attempt, connecting included, is bounded by the timeout.
 */
public final class WebhookNotifier implements Notifier {
    public static final String KIND = "webhook";
    private static final int KEPT_ANSWER_CHARS = 200;
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final TargetPolicy policy;
    private final Duration timeout;
    private final long maxResponseBytes;

    public WebhookNotifier(Duration timeout, long maxResponseBytes, TargetPolicy policy) {
        this.http = new OkHttpClient.Builder().dns(policy).callTimeout(timeout).connectTimeout(timeout)
                .readTimeout(timeout).writeTimeout(timeout).followRedirects(false).followSslRedirects(false)
                .retryOnConnectionFailure(false).protocols(List.of(Protocol.HTTP_1_1)).build();
        this.policy = policy;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Attempt send(Target target, Message message) {
        long start = System.nanoTime();
        long timestamp = message.attemptAt().getEpochSecond();
        HttpUrl url = HttpUrl.parse(target.address());
        if (url == null) {
            return new Attempt.Fatal(null, 0, "the URL cannot be requested: " + target.address());
        }
        try {
            policy.checkLiteral(url.host());
        } catch (TargetPolicy.RefusedTarget e) {
            return new Attempt.Fatal(null, 0, e.getMessage());
        }
        Request request = new Request.Builder().url(url)
                .header("User-Agent", "glassprobe-webhooks")
                .header("webhook-id", message.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signature.sign(target.secret(), message.id(), timestamp,
                        message.payload()))
                .post(RequestBody.create(message.payload().getBytes(StandardCharsets.UTF_8), JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            int status = response.code();
            String answer = bounded(response.body()).strip();
            double ms = (System.nanoTime() - start) / 1e6;
            if (status >= 200 && status < 300) {
                return new Attempt.Delivered(status, ms);
            }
            return new Attempt.Transient(status, ms, "the receiver answered " + status
                    + (answer.isEmpty() ? "" : ": " + (answer.length() > KEPT_ANSWER_CHARS
                    ? answer.substring(0, KEPT_ANSWER_CHARS) + "…" : answer)));
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
            return new Attempt.Transient(null, ms, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
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
