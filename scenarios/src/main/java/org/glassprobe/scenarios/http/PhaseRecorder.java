package org.glassprobe.scenarios.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.RunContext;

/**
 * Times the calls code makes with OkHttp (a scenario script's): each call gets its own
 * {@link PhaseListener}, as an HTTP step's does, and their phases are added up until taken.
 */
public final class PhaseRecorder implements okhttp3.EventListener.Factory {
    private final List<PhaseListener> calls = new ArrayList<>();
    private StepResult.Request lastRequest;
    private Integer lastStatus;
    private PhaseListener lastCall;
    private okhttp3.HttpUrl lastUrl;

    /**
     * A client for this attempt: the attempt's connection pool and cookies (fresh connections, as
     * a user's first visit), no silent retries, these phase timings, and every call cancelled at
     * the attempt's deadline.
     */
    public OkHttpClient client(RunContext run, OkHttpClient base) {
        Dispatcher dispatcher = new Dispatcher();
        run.onCancel(dispatcher::cancelAll);
        return run.resource(HttpSession.class, () -> new HttpSession(base)).client().newBuilder()
                .dispatcher(dispatcher)
                .eventListenerFactory(this)
                .callTimeout(Math.max(1, run.remainingMillis()), TimeUnit.MILLISECONDS)
                .build();
    }

    @Override
    public synchronized okhttp3.EventListener create(Call call) {
        PhaseListener listener = new PhaseListener() {
            @Override
            public void responseHeadersEnd(Call c, Response response) {
                super.responseHeadersEnd(c, response);
                record(response.code());
            }
        };
        calls.add(listener);
        lastCall = listener;
        lastUrl = call.request().url();
        lastRequest = new StepResult.Request(call.request().method(), call.request().url().toString());
        lastStatus = null;
        return listener;
    }

    private synchronized void record(int status) {
        lastStatus = status;
    }

    /** The phases of the calls since the last time, added up; and forgets them. */
    public synchronized Phases take() {
        Phases sum = Phases.NONE;
        for (PhaseListener call : calls) {
            sum = sum.plus(call.phases());
        }
        calls.clear();
        return sum;
    }

    /** The last call made, if any, and its status once its headers came. */
    public synchronized Optional<StepResult.Request> lastRequest() {
        return Optional.ofNullable(lastRequest);
    }

    public synchronized Optional<Integer> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    /**
     * What a failure of the last call means, in the same words as an HTTP step's (kind, host:port,
     * the stage it stopped at); empty when no call was made.
     *
     * @param budget the deadline in words, for a timeout
     */
    public synchronized Optional<org.glassprobe.scenarios.result.RunError> explain(java.io.IOException e,
            String budget) {
        if (lastCall == null) {
            return Optional.empty();
        }
        return Optional.of(NetworkFailures.of(e, lastCall, lastUrl, false, budget));
    }

    /** Forgets the last call (a new step starts). */
    public synchronized void forgetLast() {
        lastRequest = null;
        lastStatus = null;
    }
}
