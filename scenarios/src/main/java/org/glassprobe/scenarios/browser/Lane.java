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
 * One Playwright driver (a Node process of its own) and its connection to the probe's Chromium.
 * Playwright for Java is not thread-safe, so a lane serves one attempt at a time; the pool has as
 * many lanes as attempts may have a browser context at once. The lane that launched Chromium talks
 * to it over the launch pipe; the others over a DevTools connection.
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

    /**
     * Launches the probe's Chromium through this lane's driver (over its pipe); this lane's
     * connection is then the launched browser.
     *
     * @param otherLanes whether other lanes will connect to it (it then listens on a DevTools port)
     */
    Chromium launch(BrowserSettings settings, Duration timeout, long generation, boolean otherLanes)
            throws Chromium.BrowserStartException {
        Chromium.checkExecutable(settings.chromium());
        java.util.List<String> args = new java.util.ArrayList<>(Chromium.FLAGS);
        if (otherLanes) {
            args.add(Chromium.DEVTOOLS_PORT);
        }
        close(browser);
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        try {
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(settings.chromium())
                    .setHeadless(true)
                    .setArgs(args)
                    .setTimeout(Math.max(1, timeout.toMillis())));
        } catch (com.microsoft.playwright.PlaywrightException e) {
            browser = null;
            throw new Chromium.BrowserStartException(settings.chromium() + " did not start: "
                    + BrowserSession.firstLine(e));
        }
        this.generation = generation;
        return Chromium.launched(this, before, generation);
    }

    /**
     * This lane's connection to the probe's Chromium: the launched browser for its owner, else a
     * DevTools connection, made afresh when Chromium was restarted since the last one.
     */
    Browser browser(Chromium chromium, Duration timeout) throws Chromium.BrowserStartException {
        if (chromium.owner() == this && generation == chromium.generation() && browser != null
                && browser.isConnected()) {
            return browser;
        }
        if (browser == null || generation != chromium.generation() || !browser.isConnected()) {
            close(browser);
            browser = playwright.chromium().connectOverCDP(chromium.endpoint(timeout),
                    new BrowserType.ConnectOverCDPOptions().setTimeout(Math.max(1, timeout.toMillis())));
            generation = chromium.generation();
        }
        return browser;
    }

    private static void close(Browser old) {
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException ignored) {
                // the old Chromium is gone; its connection cannot be closed more than that
            }
        }
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
