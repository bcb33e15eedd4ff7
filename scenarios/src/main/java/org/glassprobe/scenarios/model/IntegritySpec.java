package org.glassprobe.scenarios.model;

import java.util.Objects;
import org.glassprobe.scenarios.result.Integrity;

/**
 * Asks that the bytes a step retrieves be the very file an earlier step uploaded: same SHA-256,
 * same length, same content type.
 *
 * @param step     the name of the step that uploaded the file
 * @param path     the file, as named in the check
 * @param expected its fingerprint (resolved when the check is read, or published by the region
 *                 that wrote it, for a journey's readers)
 */
public record IntegritySpec(String step, String path, Integrity.Content expected) {
    public IntegritySpec {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(expected, "expected");
    }

    /** The file an earlier step of the same check uploads. */
    public IntegritySpec(String step, UploadFile file) {
        this(step, file.path(), new Integrity.Content(file.sha256(), file.size(), MediaTypes.essence(file.contentType())));
    }

    /** Compares retrieved bytes, and the content type they came with, with the uploaded file. */
    public Integrity compare(byte[] retrieved, String contentType) {
        Integrity.Content actual = new Integrity.Content(MediaTypes.sha256(retrieved), retrieved.length,
                MediaTypes.essence(contentType));
        return new Integrity(expected.equals(actual), path, step, expected, actual);
    }
}
