package org.glassprobe.scenarios.model;

import java.util.Objects;
import org.glassprobe.scenarios.model.MediaTypes;
import org.glassprobe.scenarios.result.Integrity;

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

    /** Compares retrieved bytes, and the content type they came with, with the uploaded file. */
    public Integrity compare(byte[] retrieved, String contentType) {
        Integrity.Content expected = new Integrity.Content(file.sha256(), file.size(),
                MediaTypes.essence(file.contentType()));
        Integrity.Content actual = new Integrity.Content(MediaTypes.sha256(retrieved), retrieved.length,
                MediaTypes.essence(contentType));
        return new Integrity(expected.equals(actual), file.path(), step, expected, actual);
    }
}
