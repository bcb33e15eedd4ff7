package org.glassprobe.demo.images;

/** How many images the site keeps now, and their total size in bytes. */
public record ImageStats(int count, long totalBytes) {
}
