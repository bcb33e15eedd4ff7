package org.glassprobe.api.rollup;

import java.time.Duration;

/** The roll-up resolutions and the width of their buckets (a day is a UTC day). */
public enum Resolution {
    MINUTE(Duration.ofMinutes(1), "rollup_minute"),
    HOUR(Duration.ofHours(1), "rollup_hour"),
    DAY(Duration.ofDays(1), "rollup_day");

    private final Duration width;
    private final String table;

    Resolution(Duration width, String table) {
        this.width = width;
        this.table = table;
    }

    public Duration width() {
        return width;
    }

    /** The table that holds this resolution's rows (used by the store only). */
    public String table() {
        return table;
    }

    /** The start of the bucket holding this time. */
    public long bucketStart(long epochMs) {
        long w = width.toMillis();
        return Math.floorDiv(epochMs, w) * w;
    }
}
