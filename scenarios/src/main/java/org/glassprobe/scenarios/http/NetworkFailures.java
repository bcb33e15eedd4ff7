package org.glassprobe.scenarios.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.RunError;

/**
 * What a failed HTTP call means, in the result's words: the same kind and the same message
 * ("cannot connect to 127.0.0.1:1: Connection refused") whether the call was a YAML step or a
 * script's {@code ctx.http()}, from the exception and the stage the call's phases reached.
 */
public final class NetworkFailures {
    private NetworkFailures() {}

    /**
     * @param phases   the call's phase listener (where it stopped)
     * @param url      what was called
     * @param timedOut whether the deadline stopped it
     * @param budget   the deadline in words, for a timeout ("the check's timeout of 10s")
     */
    public static RunError of(IOException e, PhaseListener phases, HttpUrl url, boolean timedOut,
            String budget) {
        String where = url.host() + ":" + url.port();
        PhaseListener.Stage stage = phases.stage();
        if (timedOut || (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)
                && "timeout".equals(e.getMessage()))) {
            return new RunError(ErrorKind.TIMEOUT, null, "no complete response from " + where + " within " + budget
                    + " (stopped " + stage.words + ")");
        }
        if (e instanceof UnknownHostException || stage == PhaseListener.Stage.RESOLVING) {
            return new RunError(ErrorKind.DNS, null, "cannot resolve host " + url.host() + ": " + e.getMessage());
        }
        if (hasCause(e, SSLException.class) || stage == PhaseListener.Stage.TLS) {
            return new RunError(ErrorKind.TLS, null, "TLS handshake with " + where + " failed: " + rootMessage(e));
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException
                || stage == PhaseListener.Stage.CONNECTING) {
            return new RunError(ErrorKind.CONNECT, null, "cannot connect to " + where + ": " + rootMessage(e));
        }
        return new RunError(ErrorKind.CONNECT, null, "the connection to " + where + " broke " + stage.words + ": "
                + rootMessage(e));
    }

    static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
