package org.glassprobe.api.page;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.glassprobe.scenarios.result.Timestamps;

/**
 * The page's words for numbers and times: percentages as the API reports them, times in UTC with a
 * relative hint, durations, latencies, and check names as one URL path segment. Every method takes
 * nulls where a figure may be missing and says so in words.
 */
public final class Fmt {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Fmt() {}

    /** An uptime as the summary reports it (three decimals at most, no trailing zeros) with " %"; "no data" for null. */
    public static String percent(Double value) {
        return value == null ? "no data" : number(value) + " %";
    }

    /** A number with at most three decimals and no trailing zeros: 99.965, 99.9, 100. */
    public static String number(double value) {
        return BigDecimal.valueOf(Math.round(value * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }

    /** A latency: "6.51 ms", "1.24 s"; "no data" for null. */
    public static String ms(Double value) {
        if (value == null) {
            return "no data";
        }
        if (value >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", value / 1000);
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f ms", value);
        }
        return String.format(Locale.ROOT, "%.3g ms", value).replaceAll("\\.?0+ ms$", " ms");
    }

    /** An instant in UTC, to the second; "never" for null. */
    public static String utc(Instant t) {
        return t == null ? "never" : UTC.format(t);
    }

    /** An instant in UTC, to the minute, without the year: for dense tables. */
    public static String shortUtc(Instant t) {
        return t == null ? "never" : SHORT.format(t);
    }

    /** The ISO-8601 form, for {@code <time datetime>}; empty for null. */
    public static String iso(Instant t) {
        return t == null ? "" : Timestamps.format(t);
    }

    /** How long before (or after) {@code now}: "just now", "45 s ago", "5 min ago", "3 h ago", "2 d ago", "in 5 min". */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "";
        }
        Duration d = Duration.between(t, now);
        boolean future = d.isNegative();
        long s = Math.abs(d.getSeconds());
        if (s < 5) {
            return "just now";
        }
        String span = s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " d";
        return future ? "in " + span : span + " ago";
    }

    /** A duration in the two largest units: "45 s", "5 min 3 s", "2 h 5 min", "3 d 4 h". */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }

    /**
     * A check's name as one URL path segment (docs/api.md): every byte outside {@code A-Z a-z 0-9
     * - . _ ~} percent-encoded, so that {@code /}, {@code %}, {@code ?} and {@code #} stay in the name.
     */
    public static String segment(String name) {
        String s = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
        return s.equals(".") ? "%2E" : s.equals("..") ? "%2E%2E" : s;
    }

    /** The detail page of a check. */
    public static String checkPath(String name) {
        return "/checks/" + segment(name);
    }

    /** The status badge of a check. */
    public static String badgePath(String name) {
        return "/badge/" + segment(name) + ".svg";
    }

    /** "1 check", "3 checks". */
    public static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** A count with thousands separators: 8,640. */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * How long a certificate has left, in whole days as blackbox_exporter users count them: "23 days
     * left", "1 day left", "less than a day left", "expired 2 days ago", "expired today"; empty for null.
     */
    public static String certificate(Instant expiry, Instant now) {
        if (expiry == null) {
            return "";
        }
        long days = org.glassprobe.scenarios.result.TlsInfo.daysLeft(expiry, now);
        if (!expiry.isAfter(now)) {
            long ago = Math.floorDiv(now.toEpochMilli() - expiry.toEpochMilli(), 86_400_000L);
            return ago == 0 ? "expired today" : "expired " + count(ago, "day", "days") + " ago";
        }
        return days == 0 ? "less than a day left" : count(days, "day", "days") + " left";
    }
}
