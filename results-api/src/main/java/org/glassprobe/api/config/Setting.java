package org.glassprobe.api.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One setting: its key path in the YAML file, the environment variable that overrides it, its
 * default (null: none), the kind of value and the range allowed.
 */
public record Setting(String key, String env, String defaultValue, Kind kind, long min, long max, String help) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
    }

    /** What a value is. */
    public enum Kind {
        STRING, SECRET, INTEGER, SIZE, DURATION, BOOLEAN,
        /** An absolute http or https URL (a page links to it or loads an image from it). */
        URL
    }

    /** The parsed value, or a message saying what was expected. */
    Parsed parse(String text) {
        return switch (kind) {
            case STRING, SECRET -> text.length() < min || text.length() > max
                    ? Parsed.error("must be " + min + " to " + max + " characters long, found " + text.length())
                    : Parsed.ok(text);
            case INTEGER -> Values.integer(text)
                    .map(v -> inRange(v, v, String.valueOf(min), String.valueOf(max)))
                    .orElseGet(() -> Parsed.error("is not a whole number"));
            case SIZE -> Values.size(text)
                    .map(v -> inRange(v, v, bytes(min), bytes(max)))
                    .orElseGet(() -> Parsed.error("is not a size; write bytes or a number with KiB, MiB or GiB,"
                            + " such as 512KiB or 8MiB"));
            case DURATION -> Values.duration(text)
                    .map(v -> inRange(v.toMillis(), v, Values.format(Duration.ofMillis(min)),
                            Values.format(Duration.ofMillis(max))))
                    .orElseGet(() -> Parsed.error("is not a duration; write a number with a unit (ms, s, m, h, d),"
                            + " such as 30s, 5m or 7d"));
            case BOOLEAN -> Values.bool(text).map(Parsed::ok).orElseGet(() -> Parsed.error("is not true or false"));
            case URL -> text.length() < min || text.length() > max
                    ? Parsed.error("must be " + min + " to " + max + " characters long, found " + text.length())
                    : Values.httpUrl(text).map(Parsed::ok).orElseGet(() -> Parsed.error(
                            "is not an http or https URL such as https://example.org/logo.svg"));
        };
    }

    private Parsed inRange(long value, Object parsed, String low, String high) {
        if (value < min || value > max) {
            return Parsed.error("is out of range; allowed from " + low + " to " + high);
        }
        return Parsed.ok(parsed);
    }

    private static String bytes(long n) {
        if (n >= 1L << 30 && n % (1L << 30) == 0) {
            return (n >> 30) + "GiB";
        }
        if (n >= 1L << 20 && n % (1L << 20) == 0) {
            return (n >> 20) + "MiB";
        }
        if (n >= 1L << 10 && n % (1L << 10) == 0) {
            return (n >> 10) + "KiB";
        }
        return n + " bytes";
    }

    /** A parse outcome. */
    record Parsed(Object value, String error) {
        static Parsed ok(Object value) {
            return new Parsed(value, null);
        }

        static Parsed error(String message) {
            return new Parsed(null, message);
        }

        Optional<String> problem() {
            return Optional.ofNullable(error);
        }
    }
}
