package org.glassprobe.scenarios.browser;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The probe's one Chromium: launched by a lane's Playwright driver, over its pipe (the fastest way
 * to drive it), with the flags that work with Debian's Chromium. Its process is found in the
 * probe's process tree, so that a hung or dead Chromium can be killed by its PID and the next
 * attempt start a new one. When several contexts may be open at once, it also listens for DevTools
 * connections on a loopback port of the system's choosing, for the other lanes.
 */
final class Chromium {
    /** The launch flags that work with Debian's Chromium here, exactly (headless is Playwright's option); see NOTES.md. */
    static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");
    /** Added when other lanes must connect: DevTools on loopback (Chromium's default address), any free port. */
    static final String DEVTOOLS_PORT = "--remote-debugging-port=0";

    private final ProcessHandle process;
    private final Path profile;
    private final Lane owner;
    private final long generation;
    private String endpoint;

    private Chromium(ProcessHandle process, Path profile, Lane owner, long generation) {
        this.process = process;
        this.profile = profile;
        this.owner = owner;
        this.generation = generation;
    }

    /** Checks that the executable is there before asking Playwright to launch it, for a message that names it. */
    static void checkExecutable(Path executable) throws BrowserStartException {
        if (!Files.isRegularFile(executable)) {
            throw new BrowserStartException("there is no Chromium at " + executable + "; install Debian's (apt-get"
                    + " install chromium) or set " + BrowserSettings.CHROMIUM_ENV + " to its path");
        }
        if (!Files.isExecutable(executable)) {
            throw new BrowserStartException(executable + " is not executable; set " + BrowserSettings.CHROMIUM_ENV
                    + " to Chromium's executable");
        }
    }

    /**
     * The Chromium a lane has just launched: the new browser process under this JVM (its profile
     * is the one Playwright made for it).
     *
     * @param before the PIDs under this JVM before the launch
     */
    static Chromium launched(Lane owner, Set<Long> before, long generation) throws BrowserStartException {
        Optional<ProcessHandle> browser = ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p.pid()))
                .filter(p -> argument(p, "--user-data-dir=").isPresent() && argument(p, "--type=").isEmpty())
                .findFirst();
        if (browser.isEmpty()) {
            throw new BrowserStartException("Chromium started but its process was not found under this JVM");
        }
        Path profile = Path.of(argument(browser.get(), "--user-data-dir=").orElseThrow());
        return new Chromium(browser.get(), profile, owner, generation);
    }

    private static Optional<String> argument(ProcessHandle process, String prefix) {
        return process.info().arguments().flatMap(args -> Arrays.stream(args)
                .filter(a -> a.startsWith(prefix)).findFirst().map(a -> a.substring(prefix.length())));
    }

    /** The lane whose driver launched it (its connection is the pipe). */
    Lane owner() {
        return owner;
    }

    long pid() {
        return process.pid();
    }

    /** Counts up each time the probe starts a Chromium, so that connections to an older one are renewed. */
    long generation() {
        return generation;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The DevTools WebSocket URL other lanes connect to, from the file Chromium writes in its profile. */
    synchronized String endpoint(Duration within) throws BrowserStartException {
        if (endpoint != null) {
            return endpoint;
        }
        Path active = profile.resolve("DevToolsActivePort");
        long until = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                List<String> lines = Files.readAllLines(active);
                if (lines.size() >= 2) {
                    endpoint = "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim();
                    return endpoint;
                }
            } catch (IOException notYet) {
                // written once DevTools listens
            }
            if (System.nanoTime() - until > 0) {
                throw new BrowserStartException("Chromium does not listen for DevTools connections (no " + active
                        + "); a second browser context needs it");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrowserStartException("interrupted while waiting for Chromium's DevTools port");
            }
        }
    }

    /**
     * Whether Chromium answers within the time given (it may be hung): asked over its DevTools HTTP
     * port when it has one, else only whether its process is alive.
     */
    boolean answers(Duration within) {
        if (!process.isAlive()) {
            return false;
        }
        Path active = profile.resolve("DevToolsActivePort");
        if (!Files.exists(active)) {
            return true;
        }
        try {
            String port = Files.readAllLines(active).get(0).trim();
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
        } catch (IOException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * Kills Chromium and the processes it started. Its helpers are reparented once it is gone, so
     * they are killed too and waited for only briefly: they are already dying.
     */
    void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            for (ProcessHandle child : children) {
                while (child.isAlive() && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // gone or going; nothing more can be done from here
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
