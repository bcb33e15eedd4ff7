package org.glassprobe.demo.images;

import io.javalin.http.HttpStatus;

/** An upload refused before anything was stored: the 4xx status and a message saying what was wrong and how to fix it. */
public final class UploadRejectedException extends Exception {

    private final HttpStatus status;
    private final boolean bodyUnread;

    /** An upload refused after its body was read whole. */
    public UploadRejectedException(HttpStatus status, String message) {
        this(status, message, false);
    }

    /** @param bodyUnread true when the request body was left unread, or read only in part */
    public UploadRejectedException(HttpStatus status, String message, boolean bodyUnread) {
        super(message);
        this.status = status;
        this.bodyUnread = bodyUnread;
    }

    public HttpStatus status() {
        return status;
    }

    /**
     * True when the request body was not read to its end: the answer must close the
     * connection, or the client could send its next request on a connection the server drops.
     */
    public boolean bodyUnread() {
        return bodyUnread;
    }
}
