package org.glassprobe.api.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * A check as the API keeps it: the pushed file's text and files, with the fields the API itself
 * needs (regions for assignment, kind, interval) read from it when it was validated.
 *
 * @param regions    the regions that run it; empty means every region
 * @param version    SHA-256 of the text and the files: changes whenever the check does
 * @param sourceText the check file, exactly as pushed (null where only the description was loaded)
 * @param labels     the check's labels, from its file (subscriptions may choose checks by them)
 * @param owner      who deploys it as code ({@code checks apply --owner}); null when it was made by hand
 */
public record StoredCheck(
        String name,
        String kind,
        Duration interval,
        Duration timeout,
        int retries,
        List<String> regions,
        String sourceFile,
        String sourceText,
        String version,
        Instant createdAt,
        Instant updatedAt,
        List<CheckFile> files,
        Map<String, String> labels,
        String owner) {

    public StoredCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        regions = List.copyOf(regions);
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(version, "version");
        files = List.copyOf(files);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The same check with another owner (null: none). */
    public StoredCheck withOwner(String newOwner) {
        return new StoredCheck(name, kind, interval, timeout, retries, regions, sourceFile, sourceText, version,
                createdAt, updatedAt, files, labels, newOwner);
    }

    public boolean runsIn(String region) {
        return regions.isEmpty() || regions.contains(region);
    }
}
