package org.glassprobe.probe.sync;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The checks the results API assigned to this probe's region, as it sent them.
 *
 * @param region the probe's region (from its token)
 * @param etag   identifies this set; sent back to learn whether it changed
 * @param checks each check's source and the files its upload steps send
 */
public record AssignedChecks(String region, String etag, List<Assigned> checks) {
    public AssignedChecks {
        Objects.requireNonNull(etag, "etag");
        checks = List.copyOf(checks);
    }

    /** One check: where it came from, its text and format, and its files by relative path. */
    public record Assigned(String name, String version, String file, String text, String format,
            Map<String, byte[]> files) {
        public Assigned {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
            files = Map.copyOf(files);
        }
    }
}
