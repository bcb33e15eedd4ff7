package org.glassprobe.scenarios.model;

import java.util.Objects;

/**
 * A file a check sends (multipart upload, browser file input), read when the check is loaded so
 * that a missing file is an error in the check file, not a failed run.
 *
 * @param path        as written in the check, relative to the check file
 * @param contentType the media type sent with it
 * @param sha256      lower-case hex SHA-256 of the bytes
 */
public record UploadFile(String path, byte[] bytes, String contentType, String sha256) {
    public UploadFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
    }

    public long size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadFile f && f.path.equals(path) && f.sha256.equals(sha256)
                && f.contentType.equals(contentType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, sha256, contentType);
    }

    @Override
    public String toString() {
        return "UploadFile[" + path + ", " + bytes.length + " bytes, " + contentType + ", sha256=" + sha256 + "]";
    }
}
