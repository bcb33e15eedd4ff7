package org.glassprobe.scenarios.result;

import java.util.Objects;

/**
 * The outcome of comparing retrieved bytes with a file uploaded earlier in the same run.
 *
 * @param ok       true when SHA-256, length and content type all match
 * @param file     the uploaded file, as named in the check
 * @param step     the step that uploaded it
 * @param expected what was uploaded
 * @param actual   what came back
 */
public record Integrity(boolean ok, String file, String step, Content expected, Content actual) {
    public Integrity {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    /** A fingerprint of some bytes: hash, length and media type (without parameters). */
    public record Content(String sha256, long size, String contentType) {
        public Content {
            Objects.requireNonNull(sha256, "sha256");
        }
    }
}
