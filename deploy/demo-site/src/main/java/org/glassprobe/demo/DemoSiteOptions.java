package org.glassprobe.demo;

import java.time.Duration;
import java.util.Objects;
import org.glassprobe.demo.faults.Fault;
import org.glassprobe.demo.faults.RegionLags;

/**
 * How to run a demo site. Start from {@link #defaults()} (ports 8081 and 8082) or
 * {@link #ephemeral()} (ports chosen by the system, for tests) and change what you need.
 *
 * @param host address both ports listen on
 * @param port main port (the site); 0 for an ephemeral port
 * @param adminPort admin port (the fault switch); 0 for an ephemeral port
 * @param maxImageBytes largest image accepted, in bytes
 * @param maxImages most images kept; the oldest are evicted beyond it
 * @param maxTotalBytes most bytes kept over all images; the oldest are evicted beyond it
 * @param fault fault in force from the start
 * @param idleTimeout how long an idle connection of the main port is kept open
 * @param lags per-region lag before an uploaded image is served to that region ({@link RegionLags})
 */
public record DemoSiteOptions(String host, int port, int adminPort, long maxImageBytes, int maxImages,
                              long maxTotalBytes, Fault fault, Duration idleTimeout, RegionLags lags) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_ADMIN_PORT = 8082;
    public static final long DEFAULT_MAX_IMAGE_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_IMAGES = 200;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Images are held in byte arrays, so one cannot be larger than this. */
    public static final long MAX_IMAGE_BYTES_CEILING = 1024L * 1024 * 1024;

    /** Options without region lags. */
    public DemoSiteOptions(String host, int port, int adminPort, long maxImageBytes, int maxImages, long maxTotalBytes,
            Fault fault, Duration idleTimeout) {
        this(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, RegionLags.NONE);
    }

    public DemoSiteOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(lags, "lags");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        checkPort("port", port);
        checkPort("adminPort", adminPort);
        if (port != 0 && port == adminPort) {
            throw new IllegalArgumentException("port and adminPort must differ, both are " + port);
        }
        if (maxImageBytes < 1 || maxImageBytes > MAX_IMAGE_BYTES_CEILING) {
            throw new IllegalArgumentException("maxImageBytes must be from 1 to " + MAX_IMAGE_BYTES_CEILING + ", not " + maxImageBytes);
        }
        if (maxImages < 1) {
            throw new IllegalArgumentException("maxImages must be at least 1, not " + maxImages);
        }
        if (maxTotalBytes < maxImageBytes) {
            throw new IllegalArgumentException("maxTotalBytes (" + maxTotalBytes + ") must be at least maxImageBytes ("
                    + maxImageBytes + "), or a largest image could not be kept");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, not " + idleTimeout);
        }
    }

    /** Host 127.0.0.1, ports 8081 and 8082, 5 MiB per image, 200 images, 64 MiB in all, no fault. */
    public static DemoSiteOptions defaults() {
        return new DemoSiteOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_ADMIN_PORT, DEFAULT_MAX_IMAGE_BYTES,
                DEFAULT_MAX_IMAGES, DEFAULT_MAX_TOTAL_BYTES, Fault.NONE, DEFAULT_IDLE_TIMEOUT);
    }

    /** The defaults with both ports ephemeral: what a test wants. */
    public static DemoSiteOptions ephemeral() {
        return defaults().withPort(0).withAdminPort(0);
    }

    public DemoSiteOptions withHost(String host) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withPort(int port) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withAdminPort(int adminPort) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withMaxImageBytes(long maxImageBytes) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withMaxImages(int maxImages) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withMaxTotalBytes(long maxTotalBytes) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withFault(Fault fault) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withIdleTimeout(Duration idleTimeout) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout, lags);
    }

    public DemoSiteOptions withLags(RegionLags lags) {
        return new DemoSiteOptions(host, port, adminPort, maxImageBytes, maxImages, maxTotalBytes, fault, idleTimeout,
                lags);
    }

    private static void checkPort(String name, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(name + " must be from 0 (ephemeral) to 65535, not " + value);
        }
    }
}
