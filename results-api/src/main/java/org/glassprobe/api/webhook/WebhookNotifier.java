package org.glassprobe.api.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassprobe.api.notify.Attempt;
import org.glassprobe.api.notify.Notifier;

/**
 * Delivers a message as a Standard Webhooks POST: the JSON body, {@code webhook-id} (the message's
 * id, the same on every attempt), {@code webhook-timestamp} (the attempt's time in seconds) and
 * {@code webhook-signature}. A 2xx answer is delivered; anything else, no answer or no answer within
 * the timeout is transient. Redirects are not followed (a 3xx is not a delivery). At most
 * {@code maxResponseBytes} of the answer are read; the attempt, connecting included, is bounded by
 * the timeout.
 */
public final class WebhookNotifier implements Notifier {
    public static final String KIND = "webhook";
    private static final int KEPT_ANSWER_CHARS = 200;

    private final HttpClient http;
    private final Duration timeout;
    private final long maxResponseBytes;

    public WebhookNotifier(Duration timeout, long maxResponseBytes) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
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
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.address())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "glassprobe-webhooks")
                    .header("webhook-id", message.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signature.sign(target.secret(), message.id(), timestamp,
                            message.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(message.payload(), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Attempt.Fatal(null, 0, "the URL cannot be requested: " + e.getMessage());
        }
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request,
                info -> new Bounded(maxResponseBytes));
        try {
            HttpResponse<String> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            double ms = (System.nanoTime() - start) / 1e6;
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt.Delivered(status, ms);
            }
            String answer = response.body() == null ? "" : response.body().strip();
            return new Attempt.Transient(status, ms, "the receiver answered " + status
                    + (answer.isEmpty() ? "" : ": " + (answer.length() > KEPT_ANSWER_CHARS
                    ? answer.substring(0, KEPT_ANSWER_CHARS) + "…" : answer)));
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Attempt.Transient(null, (System.nanoTime() - start) / 1e6, "no answer within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Attempt.Transient(null, (System.nanoTime() - start) / 1e6, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt.Transient(null, (System.nanoTime() - start) / 1e6, "interrupted (the API is stopping)");
        }
    }

    /** Reads at most {@code max} bytes of an answer as text and stops reading there. */
    private static final class Bounded implements HttpResponse.BodySubscriber<String> {
        private final long max;
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Bounded(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = (int) Math.min(b.remaining(), max - kept.size());
                if (n > 0) {
                    byte[] bytes = new byte[n];
                    b.get(bytes);
                    kept.write(bytes, 0, n);
                }
                if (b.hasRemaining() || kept.size() >= max) {
                    subscription.cancel();
                    complete();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!body.isDone()) {
                body.completeExceptionally(t);
            }
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            if (!body.isDone()) {
                body.complete(kept.toString(StandardCharsets.UTF_8));
            }
        }
    }
}
