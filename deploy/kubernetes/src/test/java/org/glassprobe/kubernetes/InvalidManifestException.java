package org.glassprobe.kubernetes;

/** A manifest that Kubernetes would refuse, with the file, line and field that make it so. */
final class InvalidManifestException extends Exception {
    InvalidManifestException(String message) {
        super(message);
    }

    InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
