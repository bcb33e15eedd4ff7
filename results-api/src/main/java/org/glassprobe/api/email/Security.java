package org.glassprobe.api.email;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the connection to the SMTP relay is protected, with the port each mode usually has. */
enum Security {
    /** Plain connection upgraded by STARTTLS, which is required: nothing is sent in clear if the relay does not offer it. */
    STARTTLS(587),
    /** TLS from the first byte (SMTPS). */
    TLS(465),
    /** No TLS at all: only to a relay on loopback or a private network, and only where those are allowed. */
    NONE(25);

    private final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    int defaultPort() {
        return defaultPort;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Security> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    static String known() {
        return Arrays.stream(values()).map(Security::wireName).collect(Collectors.joining(", "));
    }
}
