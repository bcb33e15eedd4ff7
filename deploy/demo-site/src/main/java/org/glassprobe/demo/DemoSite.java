package org.glassprobe.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.glassprobe.demo.faults.Delays;
import org.glassprobe.demo.faults.Fault;
import org.glassprobe.demo.faults.FaultAdminRoutes;
import org.glassprobe.demo.faults.FaultGate;
import org.glassprobe.demo.faults.FaultMode;
import org.glassprobe.demo.faults.FaultState;
import org.glassprobe.demo.faults.FaultSwitch;
import org.glassprobe.demo.faults.HangingRequests;
import org.glassprobe.demo.images.ErrorBody;
import org.glassprobe.demo.images.ImageApiRoutes;
import org.glassprobe.demo.images.ImageStats;
import org.glassprobe.demo.dav.DavRoutes;
import org.glassprobe.demo.images.ImageStore;
import org.glassprobe.demo.images.UploadReader;
import org.glassprobe.demo.page.PageRoutes;
import org.glassprobe.demo.page.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo target site, running: an image-hosting site on the main port and its fault
 * switch on the admin port. Start one with {@link #start}; close it to stop both servers.
 *
 * <pre>{@code
 * try (DemoSite site = DemoSite.start(DemoSiteOptions.ephemeral())) {
 *     site.setFault(FaultMode.SLOW, 300);
 *     // probe site.baseUrl() ...
 * }
 * }</pre>
 */
public final class DemoSite implements AutoCloseable {

    private static final int MAIN_MAX_THREADS = 200;
    private static final int MAIN_MIN_THREADS = 8;
    private static final int ADMIN_MAX_THREADS = 16;
    private static final int ADMIN_MIN_THREADS = 2;

    private final Logger logger = LoggerFactory.getLogger(DemoSite.class);

    private final DemoSiteOptions options;
    private final Delays delays;
    private final HangingRequests hangs;
    private final ImageStore images;
    private final FaultSwitch faults;
    private final Javalin main;
    private final Javalin admin;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port = -1;
    private volatile int adminPort = -1;

    private DemoSite(DemoSiteOptions options) {
        this.options = options;
        ObjectMapper json = new ObjectMapper();
        QueuedThreadPool mainThreads = new QueuedThreadPool(MAIN_MAX_THREADS, MAIN_MIN_THREADS);
        mainThreads.setName("demo-site");
        QueuedThreadPool adminThreads = new QueuedThreadPool(ADMIN_MAX_THREADS, ADMIN_MIN_THREADS);
        adminThreads.setName("demo-admin");

        this.delays = new Delays(mainThreads);
        this.hangs = new HangingRequests(mainThreads);
        this.images = new ImageStore(options.maxImages(), options.maxTotalBytes());
        FaultState faultState = new FaultState();
        UploadReader uploads = new UploadReader(options.maxImageBytes());
        FaultGate gate = new FaultGate(faultState, hangs, delays);
        ImageApiRoutes imageApi = new ImageApiRoutes(images, uploads, faultState::corruptsImages, options.lags());
        PageRoutes pages = new PageRoutes(images, uploads, new Pages(options.maxImageBytes()));
        DavRoutes dav = new DavRoutes(options.maxImages(), options.maxTotalBytes(), faultState::corruptsImages);

        this.main = Javalin.create(cfg -> {
            configureServer(cfg, json, mainThreads, options.port());
            long idleMillis = options.idleTimeout().toMillis();
            cfg.jetty.addConnector((server, http) -> {
                // no acceptor thread: the selector accepts, so closing the socket for 'refuse' leaves no thread behind
                ServerConnector connector = new ServerConnector(server, 0, -1, new HttpConnectionFactory(http));
                connector.setHost(options.host());
                connector.setPort(options.port());
                connector.setIdleTimeout(idleMillis);
                return connector;
            });
            cfg.jetty.multipartConfig.maxFileSize(uploads.readLimit(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(
                    (int) Math.min(Integer.MAX_VALUE, options.maxImageBytes() + 1), SizeUnit.BYTES);
            cfg.routes.before(gate);
            imageApi.register(cfg.routes);
            pages.register(cfg.routes);
            dav.register(cfg.routes);
            cfg.routes.get("/health", ctx -> ctx.contentType("text/plain; charset=utf-8").result("ok"));
        });
        this.faults = new FaultSwitch(faultState, hangs, new ConnectorSwitch(main));
        FaultAdminRoutes faultAdmin = new FaultAdminRoutes(faults);
        this.admin = Javalin.create(cfg -> {
            configureServer(cfg, json, adminThreads, options.adminPort());
            faultAdmin.register(cfg.routes);
            cfg.routes.get("/admin/images", ctx -> ctx.json(images.stats()));
        });
    }

    /**
     * Starts both servers and puts the options' fault in force.
     *
     * @throws io.javalin.util.JavalinBindException when a port is taken; nothing is left running
     */
    public static DemoSite start(DemoSiteOptions options) {
        DemoSite site = new DemoSite(options);
        try {
            site.startServers();
        } catch (RuntimeException failure) {
            site.close();
            throw failure;
        }
        return site;
    }

    private void startServers() {
        main.start();
        port = main.port();
        admin.start();
        adminPort = admin.port();
        if (options.fault().mode() != FaultMode.NONE) {
            faults.set(options.fault());
        }
        logger.atInfo().addKeyValue("site", baseUrl()).addKeyValue("admin", adminUrl())
                .addKeyValue("fault", options.fault().describe()).addKeyValue("lags", options.lags().describe())
                .log("demo site started");
    }

    /** {@code http://host:port} of the site, without a trailing slash. */
    public String baseUrl() {
        return urlOf(port);
    }

    /** {@code http://host:adminPort} of the fault switch, without a trailing slash. */
    public String adminUrl() {
        return urlOf(adminPort);
    }

    /** The main port, as bound (the same while {@code refuse} is on). */
    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public DemoSiteOptions options() {
        return options;
    }

    /** The fault for every request (regions with their own fault aside). */
    public Fault fault() {
        return faults.current();
    }

    /** The regions with their own fault, by name. */
    public java.util.Map<String, Fault> regionFaults() {
        return faults.regions();
    }

    /** Puts a fault in force; for modes that take no value. */
    public Fault setFault(FaultMode mode) {
        return faults.set(Fault.of(mode));
    }

    /** Puts a fault in force: {@code setFault(FaultMode.SLOW, 300)}, {@code setFault(FaultMode.FLAKY, 50)}. */
    public Fault setFault(FaultMode mode, int value) {
        return faults.set(Fault.of(mode, value));
    }

    /** Puts a fault in force for every request; {@code none} clears every fault, the regions' included. */
    public Fault setFault(Fault fault) {
        return faults.set(fault);
    }

    /**
     * Puts a fault in force for the requests whose header {@code X-Demo-Region} is {@code region}
     * only; {@code none} removes the region's own fault.
     *
     * @throws IllegalArgumentException for a bad region name, or {@code refuse} (it acts on the socket)
     */
    public Fault setFault(String region, Fault fault) {
        return faults.set(region, fault);
    }

    /** Back to normal service for every region; releases hanging requests and listens again after {@code refuse}. */
    public Fault clearFault() {
        return faults.clear();
    }

    /** How many images are kept, and their bytes. */
    public ImageStats imageStats() {
        return images.stats();
    }

    /** How many requests the {@code hang} fault holds now. */
    public int heldRequestCount() {
        return hangs.count();
    }

    /** Stops both servers; hanging requests are released first (their connections are then closed). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        delays.close();
        faults.releaseHeld();
        main.stop();
        admin.stop();
        logger.atInfo().addKeyValue("site", baseUrl()).log("demo site stopped");
    }

    private String urlOf(int boundPort) {
        String host = options.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + boundPort;
    }

    private void configureServer(JavalinConfig cfg, ObjectMapper json, QueuedThreadPool threads, int serverPort) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jetty.host = options.host();
        cfg.jetty.port = serverPort;
        cfg.jetty.threadPool = threads;
        cfg.http.compressionStrategy = CompressionStrategy.NONE;
        cfg.http.asyncTimeout = 0L; // never time out a held request: 'hang' means until cleared
        cfg.jsonMapper(new JavalinJackson(json, false));
        cfg.routes.exception(Exception.class, (failure, ctx) -> {
            logger.atError().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                    .setCause(failure).log("request failed unexpectedly");
            ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .json(new ErrorBody("internal error: " + failure.getClass().getSimpleName() + "; see the site's log"));
        });
    }
}
