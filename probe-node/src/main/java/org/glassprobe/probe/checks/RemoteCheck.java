package org.glassprobe.probe.checks;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A check as the results API holds it.
 *
 * @param owner      who deploys it as code; null when it was made by hand
 * @param sourceFile the name of its check file, as it was pushed
 * @param text       the check file's text (null where only the list was read)
 * @param files      its upload files by path, described
 */
public record RemoteCheck(String name, String owner, String sourceFile, String text, String version,
        Map<String, RemoteFile> files) {
    public RemoteCheck {
        Objects.requireNonNull(name, "name");
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** A file that travels with a check. {@code content}: its bytes, where they were asked for. */
    public record RemoteFile(String path, long size, String sha256, byte[] content) {}
}
