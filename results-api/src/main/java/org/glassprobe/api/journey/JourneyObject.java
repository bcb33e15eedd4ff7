package org.glassprobe.api.journey;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An object a writer published: from a writer result's {@code journey.object}. Its id is the
 * writer result's id; {@code probe} and {@code region} are the writer's.
 *
 * @param contentType null when the writer did not say
 * @param file        the file the upload step sent, null when not said
 * @param step        the step that uploaded it, null when not said
 */
public record JourneyObject(UUID id, String check, Instant round, String probe, String region, String url,
        String sha256, long size, String contentType, String file, String step, Instant uploadedAt) {
    public JourneyObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
    }
}
