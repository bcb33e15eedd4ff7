package org.glassprobe.demo.faults;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;

/**
 * Switches off the idle timeout of a request's connection while the request is suspended by
 * {@code slow} or {@code hang}, and puts it back when the request resumes.
 *
 * <p>Jetty treats a connection with no traffic for its idle timeout as failed even when the
 * request on it is suspended on purpose: the request is then answered 500 or its connection
 * closed. A {@code slow 60000} or a {@code hang} must outlast any idle timeout.
 */
final class IdleTimeoutPause {

    private final EndPoint endPoint;
    private final long idleTimeout;

    private IdleTimeoutPause(EndPoint endPoint, long idleTimeout) {
        this.endPoint = endPoint;
        this.idleTimeout = idleTimeout;
    }

    static IdleTimeoutPause of(Context ctx) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection().getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(0);
        return new IdleTimeoutPause(endPoint, idleTimeout);
    }

    /** Puts the idle timeout back, counted from now: the response is about to be written. */
    void end() {
        if (endPoint instanceof IdleTimeout idleTracking) {
            idleTracking.notIdle();
        }
        endPoint.setIdleTimeout(idleTimeout);
    }
}
