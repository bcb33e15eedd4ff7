package org.glassprobe.api.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.model.Durations;

/** Parsers for setting values as people write them: durations with units, sizes with units. */
public final class Values {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private Values() {}

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 7d}: the one grammar of check files too. */
    public static Optional<Duration> duration(String text) {
        return Durations.parse(text);
    }

    /** {@code 1048576}, {@code 512KiB}, {@code 8MiB}, {@code 1GiB}. */
    public static Optional<Long> size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches() || m.group(1).length() > 12) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        return Optional.of(n * factor);
    }

    public static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Boolean> bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Writes a duration with the largest unit that divides it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms > 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /**
     * The text when it is an absolute http or https URL with a host and nothing a page could not
     * write safely in an attribute or a Content-Security-Policy (no white space, quotes, angle
     * brackets, semicolons or commas, no user info); empty otherwise.
     */
    static Optional<String> httpUrl(String text) {
        if (!text.matches("(?i)https?://[^\\s\"'<>;,\\\\@]+")) {
            return Optional.empty();
        }
        try {
            java.net.URI uri = new java.net.URI(text);
            if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(text);
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }
}
