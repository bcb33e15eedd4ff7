package org.glassprobe.scenarios.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a probe runs its browser.
 *
 * @param chromium         the Chromium executable (Debian's {@code /usr/bin/chromium} by default)
 * @param maxContexts      how many attempts may have a browser context at once; each open context
 *                         has its own Playwright driver (Playwright for Java is not thread-safe),
 *                         all in the one Chromium
 * @param startTimeout     how long Chromium may take to start
 * @param traces           which attempts record a Playwright trace, kept when the attempt fails
 * @param maxArtifactFiles at most this many screenshots and traces are kept in the artifact directory
 * @param maxArtifactBytes and at most this many bytes of them; the oldest go first
 * @param nodejs           a Node.js (20 or later) for Playwright's driver; empty: the one bundled
 *                         with Playwright, unpacked once per process
 */
public record BrowserSettings(Path chromium, int maxContexts, Duration startTimeout, Traces traces,
        int maxArtifactFiles, long maxArtifactBytes, Optional<Path> nodejs) {

    public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    public static final int DEFAULT_MAX_CONTEXTS = 2;
    public static final int MAX_CONTEXTS = 16;
    public static final String CHROMIUM_ENV = "GLASSPROBE_CHROMIUM";
    public static final String CONTEXTS_ENV = "GLASSPROBE_BROWSER_CONTEXTS";
    /** Playwright's own variable for a preinstalled Node.js, passed on when set. */
    public static final String NODEJS_ENV = "PLAYWRIGHT_NODEJS_PATH";

    public BrowserSettings {
        Objects.requireNonNull(chromium, "chromium");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(traces, "traces");
        Objects.requireNonNull(nodejs, "nodejs");
        if (maxContexts < 1 || maxContexts > MAX_CONTEXTS) {
            throw new IllegalArgumentException("maxContexts must be 1 to " + MAX_CONTEXTS + ", was " + maxContexts);
        }
        if (maxArtifactFiles < 2 || maxArtifactBytes < 1) {
            throw new IllegalArgumentException("keep at least 2 artifact files (a screenshot and a trace) and 1 byte");
        }
    }

    /**
     * Which attempts record a Playwright trace. Recording costs time in the browser (a snapshot at
     * each action) and would show in the step times, so by default the first attempt, the one that
     * measures, records none; the retry that confirms a failure does, and keeps it if it fails too.
     */
    public enum Traces {
        /** No attempt records a trace (a failed one still leaves a screenshot). */
        OFF,
        /** Retries record one (the default). */
        ON_RETRY,
        /** Every attempt records one; its step times include the recording. */
        ALWAYS;

        /** Whether this attempt (1 for the first) records a trace. */
        public boolean records(int attempt) {
            return this == ALWAYS || (this == ON_RETRY && attempt > 1);
        }
    }

    /** Debian's Chromium, two contexts at once, traces on retries, 100 artifacts or 256 MiB at most. */
    public static BrowserSettings defaults() {
        return new BrowserSettings(DEFAULT_CHROMIUM, DEFAULT_MAX_CONTEXTS, Duration.ofSeconds(30), Traces.ON_RETRY, 100,
                256L * 1024 * 1024, Optional.empty());
    }

    /**
     * The defaults, changed by {@code GLASSPROBE_CHROMIUM} (the executable),
     * {@code GLASSPROBE_BROWSER_CONTEXTS} (1 to 16) and {@code PLAYWRIGHT_NODEJS_PATH}.
     *
     * @throws IllegalArgumentException for a value that is not one, naming the variable
     */
    public static BrowserSettings fromEnvironment(Function<String, Optional<String>> env) {
        BrowserSettings s = defaults();
        Path chromium = env.apply(CHROMIUM_ENV).filter(v -> !v.isBlank()).map(Path::of).orElse(s.chromium());
        int contexts = s.maxContexts();
        Optional<String> written = env.apply(CONTEXTS_ENV).filter(v -> !v.isBlank());
        if (written.isPresent()) {
            try {
                contexts = Integer.parseInt(written.get().trim());
            } catch (NumberFormatException e) {
                contexts = -1;
            }
            if (contexts < 1 || contexts > MAX_CONTEXTS) {
                throw new IllegalArgumentException(CONTEXTS_ENV + "=" + written.get() + " is not a number of"
                        + " browser contexts; allowed: 1 to " + MAX_CONTEXTS);
            }
        }
        Optional<Path> nodejs = env.apply(NODEJS_ENV).filter(v -> !v.isBlank()).map(Path::of);
        return new BrowserSettings(chromium, contexts, s.startTimeout(), s.traces(), s.maxArtifactFiles(),
                s.maxArtifactBytes(), nodejs);
    }

    public BrowserSettings withChromium(Path executable) {
        return new BrowserSettings(executable, maxContexts, startTimeout, traces, maxArtifactFiles, maxArtifactBytes,
                nodejs);
    }

    public BrowserSettings withMaxContexts(int contexts) {
        return new BrowserSettings(chromium, contexts, startTimeout, traces, maxArtifactFiles, maxArtifactBytes,
                nodejs);
    }

    public BrowserSettings withTraces(Traces which) {
        return new BrowserSettings(chromium, maxContexts, startTimeout, which, maxArtifactFiles, maxArtifactBytes,
                nodejs);
    }

    public BrowserSettings withArtifactLimits(int files, long bytes) {
        return new BrowserSettings(chromium, maxContexts, startTimeout, traces, files, bytes, nodejs);
    }
}
