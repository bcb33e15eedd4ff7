package org.glassprobe.scenarios.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The probe's one Chromium process. glassprobe starts it itself, with the flags that work with
 * Debian's Chromium, a fresh profile and DevTools on a loopback port, so that several Playwright
 * connections (one per concurrent context) share it, and so that its PID is known: a hung or dead
 * Chromium is killed and the next attempt starts a new one.
 */
final class Chromium implements AutoCloseable {
    /** The launch flags that work with Debian's Chromium here, exactly; see NOTES.md. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");
    /**
     * The switches Playwright 1.62 itself adds when it launches a headless Chromium
     * ({@code chromiumSwitches.ts} and {@code chromium.ts}), so that the browser glassprobe starts behaves
     * as one Playwright starts: no throttled background pages, no field trials, no crash uploads.
     */
    static final List<String> PLAYWRIGHT_SWITCHES = List.of("--disable-field-trial-config",
            "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
            "--disable-back-forward-cache", "--disable-breakpad", "--disable-client-side-phishing-detection",
            "--disable-component-extensions-with-background-pages", "--no-default-browser-check",
            "--disable-default-apps", "--disable-extensions",
            "--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,BoundaryEventDispatchTracksNodeRemoval,"
                    + "DestroyProfileOnBrowserClose,DialMediaRouteProvider,GlobalMediaControls,HttpsUpgrades,"
                    + "LensOverlay,MediaRouter,PaintHolding,ThirdPartyStoragePartitioning,"
                    + "BlockOriginHeaderModificationOnRedirect,Translate,AutoDeElevate,OptimizationHints",
            "--enable-features=CDPScreenshotNewSurface", "--allow-pre-commit-input", "--disable-hang-monitor",
            "--disable-ipc-flooding-protection", "--disable-popup-blocking", "--disable-prompt-on-repost",
            "--disable-renderer-backgrounding", "--force-color-profile=srgb", "--metrics-recording-only",
            "--password-store=basic", "--use-mock-keychain", "--no-service-autorun", "--export-tagged-pdf",
            "--disable-search-engine-choice-screen", "--unsafely-disable-devtools-self-xss-warnings",
            "--disable-infobars", "--enable-unsafe-swiftshader", "--hide-scrollbars", "--mute-audio",
            "--blink-settings=primaryHoverType=2,availableHoverTypes=2,primaryPointerType=4,availablePointerTypes=4");
    private static final String LISTENING = "DevTools listening on ";
    private static final int KEPT_LINES = 20;

    private final Process process;
    private final Path profile;
    private final String endpoint;
    private final int port;
    private final long generation;
    private final Deque<String> lastLines;

    private Chromium(Process process, Path profile, String endpoint, long generation, Deque<String> lastLines) {
        this.process = process;
        this.profile = profile;
        this.endpoint = endpoint;
        this.port = URI.create(endpoint).getPort();
        this.generation = generation;
        this.lastLines = lastLines;
    }

    /** Starts Chromium and waits until it listens for DevTools connections. */
    static Chromium start(Path executable, Duration timeout, long generation) throws BrowserStartException {
        if (!Files.isRegularFile(executable)) {
            throw new BrowserStartException("there is no Chromium at " + executable + "; install Debian's (apt-get"
                    + " install chromium) or set " + BrowserSettings.CHROMIUM_ENV + " to its path");
        }
        if (!Files.isExecutable(executable)) {
            throw new BrowserStartException(executable + " is not executable; set " + BrowserSettings.CHROMIUM_ENV
                    + " to Chromium's executable");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("glassprobe-chromium-");
        } catch (IOException e) {
            throw new BrowserStartException("cannot make a profile directory for Chromium: " + e.getMessage());
        }
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.addAll(PLAYWRIGHT_SWITCHES);
        // DevTools on loopback only, on a port of the system's choosing, for the lanes' connections.
        command.add("--remote-debugging-address=127.0.0.1");
        command.add("--remote-debugging-port=0");
        command.add("--user-data-dir=" + profile);
        command.add("--no-startup-window");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(profile);
            throw new BrowserStartException("cannot start " + executable + ": " + e.getMessage());
        }
        Deque<String> lastLines = new ArrayDeque<>();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> readErrors(process, lastLines, listening), "glassprobe-chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            String endpoint = listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Chromium(process, profile, endpoint, generation, lastLines);
        } catch (TimeoutException | ExecutionException e) {
            kill(process);
            deleteTree(profile);
            String said;
            synchronized (lastLines) {
                said = lastLines.isEmpty() ? "nothing" : String.join(" | ", lastLines);
            }
            throw new BrowserStartException(executable + (e instanceof TimeoutException
                    ? " did not start within " + timeout.toSeconds() + " s" : " exited before it was ready")
                    + "; it said: " + said);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            deleteTree(profile);
            throw new BrowserStartException("interrupted while Chromium was starting");
        }
    }

    /** Drains Chromium's stderr (so it never blocks on a full pipe), keeping the last lines for messages. */
    private static void readErrors(Process process, Deque<String> lastLines, CompletableFuture<String> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!listening.isDone() && line.startsWith(LISTENING)) {
                    listening.complete(line.substring(LISTENING.length()).trim());
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                synchronized (lastLines) {
                    lastLines.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                    while (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        listening.completeExceptionally(new IOException("Chromium closed its error output"));
    }

    /** The DevTools WebSocket URL Playwright connects to. */
    String endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** Counts up each time the probe starts a Chromium, so connections to an older one are renewed. */
    long generation() {
        return generation;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether Chromium answers its DevTools HTTP endpoint within the time given (it may be hung). */
    boolean answers(Duration within) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/json/version").toURL()
                    .openConnection();
            c.setConnectTimeout((int) within.toMillis());
            c.setReadTimeout((int) within.toMillis());
            try {
                c.getInputStream().readAllBytes();
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills Chromium and every process it started, and removes its profile. */
    @Override
    public void close() {
        kill(process);
        deleteTree(profile);
    }

    /**
     * Kills Chromium and the processes it started. Its helpers are reparented once it is gone, so
     * they are killed too and waited for only briefly: they are already dying.
     */
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            for (ProcessHandle child : children) {
                while (child.isAlive() && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }

    /** Chromium could not be started; the message names the executable and says what to do. */
    static final class BrowserStartException extends Exception {
        private static final long serialVersionUID = 1L;

        BrowserStartException(String message) {
            super(message);
        }
    }
}
