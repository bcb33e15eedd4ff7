package org.glassprobe.probe.checks;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A check file of a checks directory, validated, with the files its upload steps send.
 *
 * @param name  the check's name, as the file declares it
 * @param file  its path relative to the directory, '/'-separated: the name it is pushed and pulled under
 * @param shown its path as the user wrote the directory, for messages
 * @param files the upload files by their path relative to the check file, sorted by path
 */
public record LocalCheck(String name, String file, String shown, String text, Map<String, byte[]> files) {
    public LocalCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(shown, "shown");
        Objects.requireNonNull(text, "text");
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }
}
