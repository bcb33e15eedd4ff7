package org.glassprobe.demo.images;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The images kept in memory, bounded by count and by total bytes: adding one evicts the
 * oldest until both bounds hold.
 */
public final class ImageStore {

    private static final HexFormat HEX = HexFormat.of();

    private final int maxImages;
    private final long maxTotalBytes;
    private final SecureRandom random = new SecureRandom();
    private final LinkedHashMap<String, StoredImage> images = new LinkedHashMap<>();
    /** When each kept image was added, by {@link #ticker} (nanoseconds): region lags count from it. */
    private final Map<String, Long> addedAt = new java.util.HashMap<>();
    private final java.util.function.LongSupplier ticker;
    private long totalBytes;

    public ImageStore(int maxImages, long maxTotalBytes) {
        this(maxImages, maxTotalBytes, System::nanoTime);
    }

    /** @param ticker a monotonic time in nanoseconds, {@code System::nanoTime} but in tests */
    public ImageStore(int maxImages, long maxTotalBytes, java.util.function.LongSupplier ticker) {
        if (maxImages < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("maxImages and maxTotalBytes must be at least 1, not "
                    + maxImages + " and " + maxTotalBytes);
        }
        this.maxImages = maxImages;
        this.maxTotalBytes = maxTotalBytes;
        this.ticker = ticker;
    }

    /**
     * Keeps {@code content} under a new id, evicting the oldest images as needed.
     *
     * @throws IllegalArgumentException when the content alone is larger than the total bound
     */
    public StoredImage add(byte[] content, ImageType type) {
        if (content.length > maxTotalBytes) {
            throw new IllegalArgumentException("an image of " + content.length
                    + " bytes cannot fit in a store bounded to " + maxTotalBytes + " bytes");
        }
        String sha256 = sha256Hex(content);
        synchronized (this) {
            String id = newId();
            StoredImage image = new StoredImage(id, type, sha256, content);
            Iterator<Map.Entry<String, StoredImage>> oldestFirst = images.entrySet().iterator();
            while (images.size() >= maxImages || totalBytes + content.length > maxTotalBytes) {
                Map.Entry<String, StoredImage> oldest = oldestFirst.next();
                totalBytes -= oldest.getValue().size();
                addedAt.remove(oldest.getKey());
                oldestFirst.remove();
            }
            images.put(id, image);
            addedAt.put(id, ticker.getAsLong());
            totalBytes += content.length;
            return image;
        }
    }

    public synchronized Optional<StoredImage> find(String id) {
        return Optional.ofNullable(images.get(id));
    }

    /** How long ago a kept image was added; empty when no image of that id is kept. */
    public synchronized Optional<java.time.Duration> age(String id) {
        Long at = addedAt.get(id);
        return at == null ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(ticker.getAsLong() - at));
    }

    public synchronized ImageStats stats() {
        return new ImageStats(images.size(), totalBytes);
    }

    private String newId() {
        String id;
        do {
            byte[] bytes = new byte[8];
            random.nextBytes(bytes);
            id = HEX.formatHex(bytes);
        } while (images.containsKey(id));
        return id;
    }

    /** Lower-case hex SHA-256 of {@code content}. */
    public static String sha256Hex(byte[] content) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime provides SHA-256", impossible);
        }
    }
}
