package org.glassprobe.scenarios.script;

import com.microsoft.playwright.Page;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.model.UploadFile;

/**
 * What a scenario script works with during one attempt. Everything is bounded by the check's
 * timeout: the runner stops the attempt at its deadline whatever the script does.
 */
public interface ScenarioContext {
    /**
     * The value of a variable declared in the header (its default, or what {@code --var} or the
     * probe gave); {@code env.NAME} reads the probe's environment.
     *
     * @throws ScenarioFailure (kind script) for a variable that has no value
     */
    String var(String name);

    /**
     * Runs a timed step: its wall time, the phases of the HTTP calls made through {@link #http()}
     * during it, the browser's Navigation Timing of a page that loaded during it, and what
     * {@link #check}, {@link #checkSameBytes} and {@link #checkDisplayedImage} found become one
     * step of the result. If the body throws, the step fails and the script stops.
     */
    void step(String name, Action body);

    /** Like {@link #step(String, Action)}, and returns what the body returns. */
    <T> T step(String name, Call<T> body);

    /**
     * An OkHttp client for this attempt: fresh connections (as a user's first visit), no silent
     * retries, each call's phases (resolve, connect, tls, processing, transfer) added to the
     * current step, every call stopped at the attempt's deadline.
     */
    OkHttpClient http();

    /**
     * The attempt's page in the probe's Chromium, in a fresh context; started on the first call
     * (a script that never asks starts no browser). Playwright's calls wait at most until the
     * attempt's deadline. Use it from the script's own thread.
     */
    Page page();

    /** A file listed under {@code files} in the header, read when the script was loaded. */
    UploadFile file(String path);

    /**
     * Records a condition in the current step; when it does not hold, fails the step with kind
     * {@code condition}.
     *
     * @param condition what is checked, in words (shown in the result)
     * @param holds     whether it holds
     * @param actual    what was found (shown in the result)
     */
    void check(String condition, boolean holds, Object actual);

    /**
     * Records that retrieved bytes are the file from {@code files} (same SHA-256, length and media
     * type); fails the step with kind {@code integrity} when they are not.
     */
    void checkSameBytes(String file, byte[] retrieved, String contentType);

    /**
     * Checks that the image a selector matches in the page has loaded ({@code naturalWidth > 0}),
     * then fetches its {@code src} through the page's own context and checks it is the file from
     * {@code files}, as a browser {@code expect} with {@code integrity} does.
     */
    void checkDisplayedImage(String selector, String file);

    /** Fails the current step (or the script) with kind {@code script} and this message. */
    void fail(String message);

    /** What is left of the attempt's time. */
    Duration remaining();

    /** A step's body. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** A step's body that returns a value. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws Exception;
    }
}
