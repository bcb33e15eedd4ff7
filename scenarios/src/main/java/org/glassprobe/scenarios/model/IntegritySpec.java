package org.glassprobe.scenarios.model;

import java.util.Objects;

/**
 * Asks that the bytes a step retrieves be the very file an earlier step uploaded: same SHA-256,
 * same length, same content type.
 *
 * @param step the name of the step that uploaded the file
 * @param file the file it uploaded (resolved when the check is read)
 */
public record IntegritySpec(String step, UploadFile file) {
    public IntegritySpec {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(file, "file");
    }
}
