package org.glassprobe.bench;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.StepKinds;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;

/**
 * One side of the browser benchmark, in a JVM of its own so that its process tree (this JVM, its
 * Playwright driver, its Chromium) is measured alone. It runs the image round trip each time it
 * reads "run" and answers "ok WALL_MS REPORTED_MS" (or "fail MESSAGE"); "quit" ends it.
 *
 * <p>{@code glassprobe}: the example check, through glassprobe's runner and the probe's browser
 * lifecycle (one Chromium, a fresh context per run, trace recording, Navigation Timing).
 * {@code plain}: the same journey written directly with Playwright for Java, as one would without
 * glassprobe: Chromium launched by Playwright, a fresh context per run, the same checks.
 */
public final class BrowserJourneyWorker {
    private BrowserJourneyWorker() {}

    interface Journey extends AutoCloseable {
        /** Runs the journey once; null when it passed, else why not. */
        String run() throws Exception;

        /** What glassprobe reported as the run's duration, or NaN. */
        double reportedMs();

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String target = args[1];
        Path examples = Path.of(args[2]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Journey journey = mode.equals("glassprobe") ? new Glassprobe(examples, target) : new Plain(examples, target)) {
            out.println("ready " + ProcessHandle.current().pid());
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                long start = System.nanoTime();
                String failure;
                try {
                    failure = journey.run();
                } catch (Exception e) {
                    failure = e.toString().replace('\n', ' ');
                }
                double ms = (System.nanoTime() - start) / 1_000_000.0;
                out.println(failure == null
                        ? String.format(Locale.ROOT, "ok %.3f %.3f", ms, journey.reportedMs())
                        : "fail " + failure);
            }
        }
    }

    /** The example check through glassprobe's runner, as a probe runs it. */
    static final class Glassprobe implements Journey {
        private final BrowserPool browsers;
        private final CheckRunner runner;
        private final Check check;
        private final RunOptions options;
        private double reported = Double.NaN;

        Glassprobe(Path examples, String target) throws Exception {
            Clock clock = Clock.systemUTC();
            browsers = new BrowserPool(BrowserSettings.defaults(), clock);
            OkHttpClient base = HttpStepExecutor.baseClient();
            runner = new CheckRunner(StepKinds.executors(new StepKinds.Tools(base, browsers, clock)), clock);
            check = CheckLanguage.standard().load(examples.resolve("image-roundtrip-browser.yaml"));
            options = RunOptions.defaults().withVariables(Map.of("target", target)).withoutRetries();
        }

        @Override
        public String run() throws Exception {
            CheckResult result = runner.run(check, options);
            reported = result.durationMs();
            return result.ok() ? null : result.error().kind().wireName() + " in " + result.error().step() + ": "
                    + result.error().message();
        }

        @Override
        public double reportedMs() {
            return reported;
        }

        @Override
        public void close() {
            runner.close();
            browsers.close();
        }
    }

    /** The same journey in plain Playwright for Java. */
    static final class Plain implements Journey {
        private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage");
        private final Playwright playwright;
        private final Browser browser;
        private final String target;
        private final byte[] image;
        private final String sha256;

        Plain(Path examples, String target) throws Exception {
            this.target = target;
            this.image = Files.readAllBytes(examples.resolve("images/glassprobe.png"));
            this.sha256 = sha256(image);
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true).setArgs(FLAGS));
        }

        @Override
        public String run() throws Exception {
            try (BrowserContext context = browser.newContext()) {
                Page page = context.newPage();
                page.navigate(target + "/");
                page.locator("#file").setInputFiles(new FilePayload("glassprobe.png", "image/png", image));
                page.locator("#upload-button").click();
                Locator shown = page.locator("#uploaded-image");
                shown.waitFor();
                page.waitForFunction("el => el.complete && el.naturalWidth > 0", shown.elementHandle());
                String src = (String) shown.evaluate("el => el.currentSrc || el.src");
                APIResponse response = context.request().get(src);
                if (!sha256(response.body()).equals(sha256) || !"image/png".equals(response.headers().get("content-type"))) {
                    return "the displayed image is not the uploaded file";
                }
                if (!page.locator("#image-content-type").innerText().contains("image/png")) {
                    return "no content type shown";
                }
                return null;
            }
        }

        @Override
        public double reportedMs() {
            return Double.NaN;
        }

        @Override
        public void close() {
            browser.close();
            playwright.close();
        }

        private static String sha256(byte[] bytes) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }
}
