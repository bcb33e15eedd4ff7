package org.glassprobe.api.checks;

import java.util.Objects;

/**
 * A file that travels with a check (an upload step's file), by the relative path the check uses.
 *
 * @param bytes the content, or null where only the file's description was loaded
 */
public record CheckFile(String path, long size, String sha256, byte[] bytes) {
    public CheckFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }

    public CheckFile withoutContent() {
        return new CheckFile(path, size, sha256, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckFile f && f.path.equals(path) && f.sha256.equals(sha256) && f.size == size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, sha256, size);
    }

    @Override
    public String toString() {
        return "CheckFile[" + path + ", " + size + " bytes, sha256=" + sha256 + "]";
    }
}
