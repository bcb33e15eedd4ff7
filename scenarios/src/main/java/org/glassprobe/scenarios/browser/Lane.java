package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * One Playwright connection to the probe's Chromium, with its own Node driver process. Playwright
 * for Java is not thread-safe, so a lane serves one attempt at a time; the pool has as many lanes
 * as attempts may have a browser context at once.
 */
final class Lane {
    private static final Object CREATING = new Object();

    private final Playwright playwright;
    private final Optional<ProcessHandle> driver;
    private Browser browser;
    private long generation = -1;

    private Lane(Playwright playwright, Optional<ProcessHandle> driver) {
        this.playwright = playwright;
        this.driver = driver;
    }

    /** Starts a Playwright driver; remembers its process so that a hung one can be killed. */
    static Lane start(BrowserSettings settings) {
        Map<String, String> env = new HashMap<>();
        // Debian's Chromium is used; Playwright must never try to download a browser of its own.
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        settings.nodejs().ifPresent(node -> env.put(BrowserSettings.NODEJS_ENV, node.toString()));
        synchronized (CREATING) {
            Set<Long> before = children();
            Playwright playwright;
            try {
                playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
            } catch (RuntimeException e) {
                throw new StepFailure(ErrorKind.PROBE, "Playwright's driver could not start: "
                        + BrowserSession.firstLine(e) + (e.getCause() == null ? ""
                        : " (" + BrowserSession.firstLine(e.getCause()) + ")"));
            }
            Optional<ProcessHandle> driver = ProcessHandle.current().children()
                    .filter(p -> !before.contains(p.pid()))
                    .filter(p -> p.info().command().map(c -> !c.contains("chromium")).orElse(true))
                    .findFirst();
            return new Lane(playwright, driver);
        }
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The connection to this Chromium, made afresh when Chromium was restarted since the last one. */
    Browser browser(Chromium chromium, Duration timeout) {
        if (browser == null || generation != chromium.generation() || !browser.isConnected()) {
            if (browser != null) {
                try {
                    browser.close();
                } catch (RuntimeException ignored) {
                    // the old Chromium is gone; its connection cannot be closed more than that
                }
            }
            browser = playwright.chromium().connectOverCDP(chromium.endpoint(),
                    new BrowserType.ConnectOverCDPOptions().setTimeout(Math.max(1, timeout.toMillis())));
            generation = chromium.generation();
        }
        return browser;
    }

    /** Closes the driver politely (from the thread that used it last). */
    void close() {
        try {
            playwright.close();
        } catch (RuntimeException ignored) {
            // a driver that cannot be closed politely is killed
            kill();
        }
    }

    /**
     * Kills the driver process: the only way to stop a Playwright call stuck on another thread. The
     * call then fails at once; its contexts in Chromium go with their connection.
     */
    void kill() {
        driver.ifPresent(d -> {
            d.descendants().forEach(ProcessHandle::destroyForcibly);
            d.destroyForcibly();
        });
        Thread closer = new Thread(() -> {
            try {
                playwright.close();
            } catch (RuntimeException ignored) {
                // the driver is dead; this only releases the Java side
            }
        }, "glassprobe-lane-close");
        closer.setDaemon(true);
        closer.start();
    }
}
