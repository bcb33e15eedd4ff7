package org.glassprobe.api.http;

import java.util.List;

/**
 * A request the API refuses, with the status to answer and what to tell the caller. Thrown by
 * route handlers; turned into a JSON error body in one place ({@link org.glassprobe.scenarios.result.ErrorBody}).
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<Object> problems;

    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public ApiException(int status, String message, List<?> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public List<Object> problems() {
        return problems;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
