package org.glassprobe.api.storage;

/** The database failed (unreachable, full, a bug in a statement): the request or job cannot be done now. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
