package org.glassprobe.api.notify;

/** A subscription's field that cannot be used: which field, and what is allowed. Nothing is stored. */
public final class InvalidSubscription extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidSubscription(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
