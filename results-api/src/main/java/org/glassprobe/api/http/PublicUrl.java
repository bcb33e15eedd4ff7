package org.glassprobe.api.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The address the page and webhooks link to: the configured {@code public-url}, else this
 * server's own address, known once it listens (its port may be chosen by the system).
 */
public final class PublicUrl implements Supplier<String> {
    private final String configured;
    private volatile String listening;

    public PublicUrl(Optional<String> configured) {
        this.configured = Objects.requireNonNull(configured, "configured").orElse(null);
    }

    /** The server listens: without a configured address, links use this one (0.0.0.0 as 127.0.0.1). */
    public void listening(String host, int port) {
        listening = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
    }

    /** The address, or null before the server listens when none is configured. */
    @Override
    public String get() {
        return configured != null ? configured : listening;
    }
}
