package org.glassprobe.probe.checks;

/**
 * The results API could not be reached, or refused in a way no change to the check files helps
 * (the token, a server error): exit status 1. The message never holds the token.
 */
public final class ApiFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ApiFailure(String message) {
        super(message);
    }
}
