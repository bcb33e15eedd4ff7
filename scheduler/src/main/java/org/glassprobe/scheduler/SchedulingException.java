package org.glassprobe.scheduler;

/** The scheduler could not do what it was asked (start, schedule, stop); the message says what. */
public final class SchedulingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SchedulingException(String message, Throwable cause) {
        super(message, cause);
    }
}
