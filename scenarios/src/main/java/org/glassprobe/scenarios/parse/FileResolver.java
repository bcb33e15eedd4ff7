package org.glassprobe.scenarios.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the files a check refers to (uploads), relative to the check file: next to it on disk for
 * the command line, inside the check's bundle on a probe or in the results API.
 */
public interface FileResolver {
    /** The bytes of the file at this relative, normalised path. */
    byte[] read(String relativePath) throws IOException;

    /** Where a path would be looked for, for messages. */
    String describe(String relativePath);

    /** Files in a folder on disk (the folder holding the check file). */
    static FileResolver directory(Path folder) {
        Path base = folder.toAbsolutePath().normalize();
        return new FileResolver() {
            @Override
            public byte[] read(String relativePath) throws IOException {
                return Files.readAllBytes(base.resolve(relativePath));
            }

            @Override
            public String describe(String relativePath) {
                return base.resolve(relativePath).toString();
            }
        };
    }

    /** Files carried with the check, by relative path (a bundle). */
    static FileResolver bundle(Map<String, byte[]> files) {
        Map<String, byte[]> copy = Map.copyOf(files);
        return new FileResolver() {
            @Override
            public byte[] read(String relativePath) throws IOException {
                byte[] bytes = copy.get(relativePath);
                if (bytes == null) {
                    throw new NoSuchFileException(relativePath);
                }
                return bytes;
            }

            @Override
            public String describe(String relativePath) {
                return "the files sent with the check (" + (copy.isEmpty() ? "none" : String.join(", ",
                        new java.util.TreeSet<>(copy.keySet()))) + ")";
            }
        };
    }

    /** No files at all. */
    static FileResolver none() {
        return bundle(Map.of());
    }
}
