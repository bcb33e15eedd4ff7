package org.glassprobe.container;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The images' base in the test: Debian 12 with openjdk-17-jre-headless, made here with mmdebstrap from
 * Debian's packages (no container registry is reachable) and imported into podman.
 */
final class DebianBase {
    /** What the Containerfiles ask of a base: Java 17, and bash, useradd and coreutils, which Debian has. */
    static final List<String> PACKAGES = List.of("openjdk-17-jre-headless", "ca-certificates");

    /** apt's words when it cannot reach the mirror, as opposed to a failure of the build itself. */
    private static final Pattern UNREACHABLE = Pattern.compile("Temporary failure resolving|Could not resolve"
            + "|Failed to fetch|Unable to connect|Could not connect|Connection timed out|Network is unreachable"
            + "|No route to host|Connection refused");

    private DebianBase() {
    }

    /** How making the base ended: the image's name, or why the mirror could not be reached. */
    record Outcome(String image, String unreachable) {
    }

    /**
     * Makes the tree as a tar file at {@code tar} (the one copy, kept for this run), then imports it as
     * {@code image} with the PATH and command Debian's own images have.
     */
    static Outcome make(Path tar, String image) throws IOException, InterruptedException {
        Command.Result made = Command.run(Duration.ofMinutes(10), List.of("mmdebstrap", "--variant=apt",
                "--include=" + String.join(",", PACKAGES),
                // As Debian's slim images: no manual pages, translations or documentation but the
                // copyright files; Java's postinst still needs its man1 directory for its alternatives.
                "--dpkgopt=path-exclude=/usr/share/man/*", "--dpkgopt=path-exclude=/usr/share/locale/*",
                "--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-include=/usr/share/doc/*/copyright",
                "--dpkgopt=force-unsafe-io", "--setup-hook=mkdir -p \"$1/usr/share/man/man1\"",
                "bookworm", tar.toString()));
        if (!made.ok()) {
            if (UNREACHABLE.matcher(made.out()).find()) {
                return new Outcome(null, made.describe());
            }
            throw new AssertionError("mmdebstrap could not make the Debian base: " + made.describe());
        }
        Command.Result imported = Command.run(Duration.ofMinutes(5), List.of("podman", "import",
                "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "--change", "CMD [\"bash\"]", tar.toString(), image));
        if (!imported.ok()) {
            throw new AssertionError("podman could not import the Debian base: " + imported.describe());
        }
        return new Outcome(image, null);
    }
}
