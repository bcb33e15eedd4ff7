package org.glassprobe.scenarios.script;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.browser.BrowserFailures;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSession;
import org.glassprobe.scenarios.http.PhaseRecorder;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.parse.YamlNode;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Integrity;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * One attempt of a scenario script: what its context gives it, and its timed steps, each reported
 * to the runner as it finishes. After a failed step the attempt has failed: further steps do not
 * run.
 */
final class ScriptRun implements ScenarioContext {
    private static final int MAX_SHOWN = 200;
    private static final String IMAGE = """
            el => ({tag: el.tagName.toLowerCase(), complete: el.tagName === 'IMG' ? el.complete : null,
                    naturalWidth: el.tagName === 'IMG' ? el.naturalWidth : null, src: el.currentSrc || el.src || null})""";

    private final ScriptStep script;
    private final RunContext run;
    private final BrowserPool browsers;
    private final OkHttpClient base;
    private final long started = System.nanoTime();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> fileFirstUsedIn = new HashMap<>();
    private double stepMillis;
    private Current current;
    private StepResult lastReported;
    private StepResult failed;
    private PhaseRecorder recorder;
    private OkHttpClient client;
    private BrowserSession session;
    private Page page;

    /** What the step in progress has found so far. */
    private static final class Current {
        final String name;
        final long start = System.nanoTime();
        final int navigations;
        final List<ConditionResult> conditions = new ArrayList<>();
        Integrity integrity;

        Current(String name, int navigations) {
            this.name = name;
            this.navigations = navigations;
        }
    }

    /** Unwinds the script after a failed step; carries the step's result. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient StepResult result;

        Stopped(StepResult result) {
            super("the scenario stopped at its failed step \"" + result.name() + "\"", null, false, false);
            this.result = result;
        }

        StepResult result() {
            return result;
        }
    }

    ScriptRun(ScriptStep script, RunContext run, BrowserPool browsers, OkHttpClient base) {
        this.script = script;
        this.run = run;
        this.browsers = browsers;
        this.base = base;
    }

    @Override
    public String var(String name) {
        try {
            return run.lookup(name);
        } catch (StepFailure f) {
            throw new ScenarioFailure(f.kind(), f.getMessage());
        }
    }

    @Override
    public void step(String name, Action body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    @Override
    public <T> T step(String name, Call<T> body) {
        if (failed != null) {
            throw new Stopped(failed);
        }
        if (current != null) {
            throw new ScenarioFailure(ErrorKind.SCRIPT, "steps do not nest: \"" + name + "\" was started inside \""
                    + current.name + "\"");
        }
        if (run.isCancelled()) {
            throw new ScenarioFailure(ErrorKind.TIMEOUT, "the check's timeout of "
                    + Durations.format(run.checkTimeout()) + " passed before step \"" + name + "\"");
        }
        String unique = uniqueName(name);
        if (recorder != null) {
            recorder.take();
            recorder.forgetLast();
        }
        current = new Current(unique, session == null ? 0 : session.navigations());
        run.subStepStarted(unique, ScriptStep.KIND);
        try {
            T value = body.call();
            report(finish(null));
            return value;
        } catch (Stopped s) {
            throw s;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            StepResult result = finish(classify(t));
            report(result);
            failed = result;
            throw new Stopped(result);
        } finally {
            current = null;
        }
    }

    private String uniqueName(String name) {
        String base = name == null || name.isBlank() ? "step" : name.strip();
        base = base.length() > 100 ? base.substring(0, 100) : base;
        String unique = base;
        for (int n = 2; !names.add(unique); n++) {
            unique = base + " (" + n + ")";
        }
        return unique;
    }

    private void report(StepResult result) {
        run.report(result);
        lastReported = result;
    }

    private StepResult finish(RunError error) {
        long end = System.nanoTime();
        double ms = CheckRunner.millis(end - current.start);
        stepMillis += ms;
        Phases phases = recorder == null ? Phases.NONE : recorder.take();
        StepResult.Request request = recorder == null ? null : recorder.lastRequest().orElse(null);
        Integer status = recorder == null ? null : recorder.lastStatus().orElse(null);
        Map<String, Double> timings = Map.of();
        if (session != null && session.navigations() != current.navigations && error == null) {
            timings = session.timings(false);
            if (request == null) {
                request = new StepResult.Request("GET", page.url());
                status = session.lastDocument().map(d -> d.status()).orElse(null);
            }
        }
        return new StepResult(current.name, ScriptStep.KIND, error == null, ms, request, status, phases,
                current.conditions, null, current.integrity, timings, null, error);
    }

    @Override
    public OkHttpClient http() {
        if (client == null) {
            recorder = new PhaseRecorder();
            client = recorder.client(run, base);
        }
        return client;
    }

    @Override
    public Page page() {
        if (page == null) {
            try {
                session = browsers.session(run);
            } catch (StepFailure f) {
                throw new ScenarioFailure(f.kind(), f.getMessage());
            }
            page = session.hold();
        }
        return page;
    }

    /** Lets go of the page, from the script's thread, when the script is over. */
    void releasePage() {
        if (session != null) {
            session.release();
        }
    }

    @Override
    public UploadFile file(String path) {
        UploadFile file = script.files().get(path);
        if (file == null) {
            throw new ScenarioFailure(ErrorKind.SCRIPT, "file \"" + path + "\" is not listed under files in the"
                    + " script's header (listed: " + (script.files().isEmpty() ? "none"
                    : String.join(", ", script.files().keySet())) + ")");
        }
        fileFirstUsedIn.putIfAbsent(path, current != null ? current.name : script.name());
        return file;
    }

    @Override
    public void check(String condition, boolean holds, Object actual) {
        String shown = actual == null ? null : shorten(String.valueOf(actual));
        if (current != null) {
            current.conditions.add(new ConditionResult(condition, holds, shown, null, false));
        }
        if (!holds) {
            // a condition on the status is kind status, as in a YAML step
            throw new ScenarioFailure(condition.strip().startsWith("[STATUS]") ? ErrorKind.STATUS
                    : ErrorKind.CONDITION, "condition " + condition + " failed: actual "
                    + (shown == null ? "nothing" : YamlNode.quote(shown)));
        }
    }

    @Override
    public void checkSameBytes(String path, byte[] retrieved, String contentType) {
        UploadFile file = file(path);
        Integrity integrity = new IntegritySpec(fileFirstUsedIn.getOrDefault(path, script.name()), file)
                .compare(retrieved, contentType);
        if (current != null) {
            current.integrity = integrity;
        }
        if (!integrity.ok()) {
            throw new ScenarioFailure(ErrorKind.INTEGRITY, integrity.describe());
        }
    }

    @Override
    public void checkDisplayedImage(String selector, String path) {
        file(path);
        Page p = page();
        double timeout = Math.max(1, run.remainingMillis());
        Object raw;
        try {
            Locator image = p.locator(selector);
            image.waitFor(new Locator.WaitForOptions().setTimeout(timeout));
            raw = image.evaluate(IMAGE, null, new Locator.EvaluateOptions().setTimeout(timeout));
        } catch (TimeoutError e) {
            throw new ScenarioFailure(ErrorKind.TIMEOUT, "no visible element matched selector \"" + selector
                    + "\" within the check's timeout of " + Durations.format(run.checkTimeout()));
        }
        Map<?, ?> state = raw instanceof Map<?, ?> m ? m : Map.of();
        if (!(state.get("src") instanceof String src) || src.isEmpty()) {
            throw new ScenarioFailure(ErrorKind.CONDITION, "\"" + selector + "\" has no src to compare with " + path
                    + " (it is a <" + state.get("tag") + ">)");
        }
        APIResponse response = p.context().request().get(src, RequestOptions.create()
                .setTimeout(Math.max(1, run.remainingMillis())).setMaxRedirects(5));
        if (response.status() >= 400) {
            throw new ScenarioFailure(ErrorKind.STATUS, "fetching the image " + src + " through the page answered "
                    + response.status());
        }
        checkSameBytes(path, response.body(), response.headers().get("content-type"));
        long width = state.get("naturalWidth") instanceof Number n ? n.longValue() : 0;
        boolean loaded = Boolean.TRUE.equals(state.get("complete")) && width > 0;
        check("image " + selector + " loaded (naturalWidth > 0)", loaded, loaded ? "naturalWidth " + width
                : Boolean.TRUE.equals(state.get("complete")) ? "broken (naturalWidth 0)" : "still loading");
    }

    @Override
    public void fail(String message) {
        throw new ScenarioFailure(ErrorKind.SCRIPT, message);
    }

    @Override
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, run.remainingNanos()));
    }

    /** The result when the script returned: its last step, or the script itself when it had none. */
    StepResult passed() {
        if (lastReported != null) {
            return lastReported;
        }
        return new StepResult(script.name(), ScriptStep.KIND, true, CheckRunner.millis(System.nanoTime() - started),
                null, null, recorder == null ? null : recorder.take(), null, null, null, null, null, null);
    }

    /** The result when something failed outside the script's steps: a step named after the script. */
    StepResult failedOutsideSteps(Throwable t) {
        double outside = Math.max(0, CheckRunner.millis(System.nanoTime() - started) - stepMillis);
        return new StepResult(script.name(), ScriptStep.KIND, false, outside, null, null, null, null, null, null,
                null, null, classify(t));
    }

    /** A failure in the result's words, with where in the script it happened. */
    private RunError classify(Throwable t) {
        ErrorKind kind;
        String message;
        if (t instanceof ScenarioFailure f) {
            return new RunError(f.kind(), null, f.getMessage());
        } else if (t instanceof StepFailure f) {
            return new RunError(f.kind(), null, f.getMessage());
        } else if (t instanceof TimeoutError e) {
            kind = ErrorKind.TIMEOUT;
            message = BrowserSession.firstLine(e);
        } else if (t instanceof PlaywrightException e) {
            StepFailure f = BrowserFailures.of(e);
            kind = f.kind();
            message = f.getMessage();
        } else if (t instanceof IOException io && recorder != null && recorder.explain(io, "the check's timeout of "
                + Durations.format(run.checkTimeout())).isPresent()) {
            // a failed ctx.http() call: the same kind and words as an HTTP step's
            RunError same = recorder.explain(io, "the check's timeout of " + Durations.format(run.checkTimeout()))
                    .orElseThrow();
            return new RunError(same.kind(), null, same.message() + where(t));
        } else if (t instanceof UnknownHostException) {
            kind = ErrorKind.DNS;
            message = "cannot resolve host " + t.getMessage();
        } else if (t instanceof SSLException) {
            kind = ErrorKind.TLS;
            message = "TLS handshake failed: " + t.getMessage();
        } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            kind = ErrorKind.CONNECT;
            message = "cannot connect: " + t.getMessage();
        } else if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
            kind = ErrorKind.TIMEOUT;
            message = "no answer within the check's timeout of " + Durations.format(run.checkTimeout());
        } else if (t instanceof IOException) {
            kind = ErrorKind.CONNECT;
            message = "the connection failed: " + t;
        } else if (t instanceof AssertionError) {
            kind = ErrorKind.CONDITION;
            message = t.getMessage() == null ? "an assertion failed" : t.getMessage();
        } else {
            kind = ErrorKind.SCRIPT;
            message = t.toString();
        }
        return new RunError(kind, null, message + where(t));
    }

    /** " (at ImageRoundTrip.java:42)": the script's own line the failure came through. */
    private String where(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (script.program().defines(frame.getClassName()) && frame.getLineNumber() > 0) {
                return " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
            }
        }
        return "";
    }

    private static String shorten(String value) {
        return value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value;
    }
}
