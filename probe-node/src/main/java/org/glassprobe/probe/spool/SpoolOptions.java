package org.glassprobe.probe.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and durability of a spool.
 *
 * @param maxBytes     the spool never holds more; beyond it the oldest records are dropped,
 *                     counted and logged
 * @param segmentBytes a segment file is closed and a new one started past this size
 * @param syncEvery    how often appended records are forced to the disk. A record is safe from
 *                     the probe's own death as soon as {@link Spool#append} returns (it is in the
 *                     operating system's cache); this bounds what a power loss could take.
 */
public record SpoolOptions(long maxBytes, long segmentBytes, Duration syncEvery) {
    public SpoolOptions {
        Objects.requireNonNull(syncEvery, "syncEvery");
        if (segmentBytes < 1024 || maxBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("spool: segmentBytes must be at least 1 KiB and maxBytes at least"
                    + " two segments (maxBytes " + maxBytes + ", segmentBytes " + segmentBytes + ")");
        }
    }

    /** 256 MiB in 8 MiB segments, forced to disk every 200 ms. */
    public static SpoolOptions defaults() {
        return new SpoolOptions(256L * 1024 * 1024, 8L * 1024 * 1024, Duration.ofMillis(200));
    }

    public SpoolOptions withMaxBytes(long bytes) {
        return new SpoolOptions(bytes, Math.min(segmentBytes, Math.max(1024, bytes / 4)), syncEvery);
    }
}
