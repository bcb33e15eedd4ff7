package org.glassprobe.api.notify;

/** How one attempt to deliver a message went: delivered, worth trying again, or not. */
public sealed interface Attempt {
    /** The receiver's HTTP status, or null when there was no answer. */
    Integer status();

    double durationMs();

    /** What went wrong, null when delivered. */
    String error();

    /** The receiver took it (a 2xx answer). */
    record Delivered(Integer status, double durationMs) implements Attempt {
        @Override
        public String error() {
            return null;
        }
    }

    /** No answer, a timeout or an answer other than 2xx: try again after a backoff. */
    record Transient(Integer status, double durationMs, String error) implements Attempt {}

    /** Trying again cannot help (the address cannot be used at all): the delivery fails now. */
    record Fatal(Integer status, double durationMs, String error) implements Attempt {}
}
