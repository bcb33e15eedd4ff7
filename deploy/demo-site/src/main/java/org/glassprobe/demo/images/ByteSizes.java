package org.glassprobe.demo.images;

/** Byte counts written for people: {@code 5 MiB}, {@code 1.5 KiB}, {@code 700 bytes}. */
public final class ByteSizes {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private ByteSizes() {
    }

    public static String human(long bytes) {
        if (bytes >= MIB) {
            return scaled(bytes, MIB, "MiB");
        }
        if (bytes >= KIB) {
            return scaled(bytes, KIB, "KiB");
        }
        return bytes == 1 ? "1 byte" : bytes + " bytes";
    }

    private static String scaled(long bytes, long unit, String name) {
        if (bytes % unit == 0) {
            return bytes / unit + " " + name;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", (double) bytes / unit, name);
    }
}
