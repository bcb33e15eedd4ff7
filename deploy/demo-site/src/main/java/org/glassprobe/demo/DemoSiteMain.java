package org.glassprobe.demo;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.glassprobe.demo.faults.Fault;
import org.glassprobe.demo.faults.InvalidFaultException;
import org.glassprobe.demo.faults.RegionLags;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The demo site's command line: {@code java -jar glassprobe-demo-site.jar --port 8081 --admin-port 8082}.
 * Runs until SIGTERM or Ctrl-C. A bad flag prints a message on stderr and exits with 2.
 */
@Command(name = "glassprobe-demo-site", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A small image-hosting site with fault switches, for glassprobe to watch.",
                "Site: GET /, POST /upload, POST /api/images, GET /images/{id} (header X-Demo-Region: see --lag), GET /health.",
                "Admin: GET /admin/faults, POST /admin/faults?mode=M&value=N[&region=R] (R: only requests with header"
                        + " X-Demo-Region: R; mode=none clears, all without region), GET /admin/images."})
public final class DemoSiteMain implements Callable<Integer> {

    /** Exit code when the site cannot start, e.g. a port is taken. */
    static final int EXIT_CANNOT_START = 1;

    private static final String LOGBACK_CONFIG = "glassprobe-demo-site-logback.xml";

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = DemoSiteOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "" + DemoSiteOptions.DEFAULT_PORT,
            description = "Port of the site; 0 for an ephemeral one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--admin-port", defaultValue = "" + DemoSiteOptions.DEFAULT_ADMIN_PORT,
            description = "Port of the fault switch; 0 for an ephemeral one (default: ${DEFAULT-VALUE}).")
    private int adminPort;

    @Option(names = "--max-image-bytes", defaultValue = "" + DemoSiteOptions.DEFAULT_MAX_IMAGE_BYTES,
            description = "Largest image accepted, in bytes (default: ${DEFAULT-VALUE}).")
    private long maxImageBytes;

    @Option(names = "--max-images", defaultValue = "" + DemoSiteOptions.DEFAULT_MAX_IMAGES,
            description = "Most images kept; the oldest are evicted (default: ${DEFAULT-VALUE}).")
    private int maxImages;

    @Option(names = "--max-total-bytes", defaultValue = "" + DemoSiteOptions.DEFAULT_MAX_TOTAL_BYTES,
            description = "Most bytes kept over all images; the oldest are evicted (default: ${DEFAULT-VALUE}).")
    private long maxTotalBytes;

    @Option(names = "--fault", paramLabel = "MODE",
            description = "Fault in force from the start: none, down, refuse, slow, corrupt, flaky, hang (default: none).")
    private String fault;

    @Option(names = "--fault-value", paramLabel = "N",
            description = "Value of the fault: milliseconds for slow (0..600000), percent for flaky (0..100).")
    private String faultValue;

    @Option(names = "--lag", paramLabel = "REGION=DURATION",
            description = "Serve an uploaded image to requests with header X-Demo-Region: REGION only once DURATION"
                    + " (1500ms, 2s, 5m, at most 24h) has passed since its upload, or never (REGION=never): 404"
                    + " before. Repeatable; other regions see it at once.")
    private java.util.List<String> lags = new java.util.ArrayList<>();

    private final Lifetime lifetime;

    /** @param lifetime how long the started site runs before it is closed */
    DemoSiteMain(Lifetime lifetime) {
        this.lifetime = lifetime;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(execute(new DemoSiteMain(Lifetime.untilSignalled()), args,
                new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with its output on {@code out} and {@code err}; returns the exit code. */
    static int execute(DemoSiteMain command, String[] args, PrintWriter out, PrintWriter err) {
        return new CommandLine(command).setOut(out).setErr(err).execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoSiteOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoSite site;
        try {
            site = DemoSite.start(options);
        } catch (RuntimeException cannotStart) {
            err.println("glassprobe-demo-site: cannot start on " + options.host() + " (ports " + options.port() + " and "
                    + options.adminPort() + "): " + cannotStart.getMessage());
            return EXIT_CANNOT_START;
        }
        try (site) {
            out.println("glassprobe demo site listening on " + site.baseUrl() + " (admin: " + site.adminUrl()
                    + ", fault: " + site.fault().describe() + (options.lags().isEmpty() ? ""
                    : ", region lags: " + options.lags().describe()) + ")");
            out.flush();
            lifetime.runUntilStopped(site);
        }
        return CommandLine.ExitCode.OK;
    }

    /** The options from the flags; a bad flag is a usage error (exit code 2) naming it. */
    private DemoSiteOptions options() {
        checkPort("--port", port);
        checkPort("--admin-port", adminPort);
        if (port != 0 && port == adminPort) {
            throw usage("--port and --admin-port must differ, both are " + port);
        }
        if (host.isBlank()) {
            throw usage("--host must not be blank");
        }
        if (maxImageBytes < 1 || maxImageBytes > DemoSiteOptions.MAX_IMAGE_BYTES_CEILING) {
            throw usage("--max-image-bytes must be from 1 to " + DemoSiteOptions.MAX_IMAGE_BYTES_CEILING + ", not " + maxImageBytes);
        }
        if (maxImages < 1) {
            throw usage("--max-images must be at least 1, not " + maxImages);
        }
        if (maxTotalBytes < maxImageBytes) {
            throw usage("--max-total-bytes (" + maxTotalBytes + ") must be at least --max-image-bytes (" + maxImageBytes + ")");
        }
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault(),
                DemoSiteOptions.DEFAULT_IDLE_TIMEOUT, lags());
    }

    private Fault fault() {
        if (fault == null && faultValue == null) {
            return Fault.NONE;
        }
        if (fault == null) {
            throw usage("--fault-value needs --fault slow or --fault flaky");
        }
        try {
            return Fault.parse(fault, faultValue);
        } catch (InvalidFaultException invalid) {
            throw usage(invalid.describe(invalid.parameter() == InvalidFaultException.Parameter.MODE
                    ? "option '--fault'" : "option '--fault-value'"));
        }
    }

    private RegionLags lags() {
        try {
            return RegionLags.parse(lags);
        } catch (IllegalArgumentException invalid) {
            throw usage("option '--lag': " + invalid.getMessage());
        }
    }

    private void checkPort(String flag, int value) {
        if (value < 0 || value > 65535) {
            throw usage(flag + " must be from 0 (ephemeral) to 65535, not " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** How long a started site runs; the site is closed when this returns. */
    @FunctionalInterface
    interface Lifetime {

        void runUntilStopped(DemoSite site) throws InterruptedException;

        /** Until SIGTERM or Ctrl-C: the JVM's shutdown hook closes the site. */
        static Lifetime untilSignalled() {
            return site -> {
                CountDownLatch stopped = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    site.close();
                    stopped.countDown();
                }, "demo-site-shutdown"));
                stopped.await();
            };
        }
    }
}
