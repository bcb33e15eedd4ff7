package org.glassprobe.probe.sync;

/**
 * A call to the results API failed. {@link #transientFailure()} says whether trying again later can help
 * (network down, API restarting, overloaded) or whether a person must act (token refused, bad
 * request).
 */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean transientFailure;

    ApiException(String message, int status, boolean transientFailure) {
        super(message);
        this.status = status;
        this.transientFailure = transientFailure;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
