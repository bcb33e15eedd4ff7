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

    /** What differs, in words, for a failed comparison's error message. */
    public String describe() {
        java.util.List<String> differences = new java.util.ArrayList<>();
        if (!expected.sha256().equals(actual.sha256())) {
            differences.add("SHA-256 " + actual.sha256().substring(0, 16) + "… instead of "
                    + expected.sha256().substring(0, 16) + "…");
        }
        if (expected.size() != actual.size()) {
            differences.add(actual.size() + " bytes instead of " + expected.size());
        }
        if (!expected.contentType().equals(actual.contentType())) {
            differences.add("content type " + (actual.contentType().isEmpty() ? "(none)" : actual.contentType())
                    + " instead of " + expected.contentType());
        }
        return "retrieved bytes are not the file " + file + " uploaded by step \"" + step + "\": "
                + String.join(", ", differences);
    }

    /** A fingerprint of some bytes: hash, length and media type (without parameters). */
    public record Content(String sha256, long size, String contentType) {
        public Content {
            Objects.requireNonNull(sha256, "sha256");
        }
    }
}
