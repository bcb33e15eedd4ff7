package org.glassprobe.demo.images;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An image kept by the site. Its bytes are copied in and never handed out as the stored
 * array: {@link #open()} streams them without a copy, {@link #content()} returns a copy.
 */
public record StoredImage(String id, ImageType type, String sha256, byte[] content) {

    public StoredImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sha256, "sha256");
        content = content.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The bytes as a stream, without copying them. */
    public InputStream open() {
        return new ByteArrayInputStream(content);
    }

    public int size() {
        return content.length;
    }

    /** The relative URL the bytes are served at. */
    public String url() {
        return urlOf(id);
    }

    public static String urlOf(String id) {
        return "/images/" + id;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredImage that && id.equals(that.id) && type == that.type
                && sha256.equals(that.sha256) && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, sha256, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "StoredImage[id=" + id + ", type=" + type + ", sha256=" + sha256 + ", size=" + content.length + "]";
    }
}
