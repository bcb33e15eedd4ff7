package org.glassprobe.scenarios.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.RunError;

/**
 * What a network failure means, in the result's words: the same kind and the same message
 * ("cannot connect to 127.0.0.1:1: Connection refused") whether it happened in an HTTP step, a
 * script's {@code ctx.http()}, a TCP step or the browser.
 */
public final class NetworkFailures {
    private static final Pattern CHROMIUM = Pattern.compile("net::(ERR_[A-Z_]+)(?: at (\\S+))?");

    private NetworkFailures() {}

    /** No connection, or it broke while being made. */
    public static RunError cannotConnect(String where, String reason) {
        return new RunError(ErrorKind.CONNECT, null, "cannot connect to " + where + ": " + reason);
    }

    /** The name did not resolve. */
    public static RunError cannotResolve(String host, String reason) {
        return new RunError(ErrorKind.DNS, null, "cannot resolve host " + host + ": " + reason);
    }

    /** The TLS handshake failed. */
    public static RunError tlsFailed(String where, String reason) {
        return new RunError(ErrorKind.TLS, null, "TLS handshake with " + where + " failed: " + reason);
    }

    /**
     * Chromium's network error ({@code net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/}) in the
     * same kind and words as the other steps', its code kept in brackets; empty for a message
     * that is not one.
     */
    public static Optional<RunError> ofChromium(String message) {
        Matcher m = CHROMIUM.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        String code = m.group(1);
        HttpUrl url = m.group(2) == null ? null : HttpUrl.parse(m.group(2));
        String host = url == null ? "the site" : url.host();
        String where = url == null ? "the site" : url.host() + ":" + url.port();
        String tag = " (the browser: net::" + code + ")";
        RunError error;
        if (code.equals("ERR_NAME_NOT_RESOLVED") || code.equals("ERR_NAME_RESOLUTION_FAILED")) {
            error = cannotResolve(host, "no such host" + tag);
        } else if (code.startsWith("ERR_CERT_") || code.startsWith("ERR_SSL_")) {
            error = tlsFailed(where, code + tag);
        } else if (code.equals("ERR_TIMED_OUT") || code.equals("ERR_CONNECTION_TIMED_OUT")) {
            error = new RunError(ErrorKind.TIMEOUT, null, "no complete response from " + where + " in time" + tag);
        } else if (code.equals("ERR_CONNECTION_REFUSED")) {
            error = cannotConnect(where, "Connection refused" + tag);
        } else if (code.equals("ERR_CONNECTION_RESET")) {
            error = cannotConnect(where, "Connection reset" + tag);
        } else if (code.startsWith("ERR_CONNECTION") || code.equals("ERR_EMPTY_RESPONSE")
                || code.equals("ERR_ADDRESS_UNREACHABLE") || code.startsWith("ERR_SOCKET")) {
            error = new RunError(ErrorKind.CONNECT, null, "the connection to " + where + " failed" + tag);
        } else {
            return Optional.empty();
        }
        return Optional.of(error);
    }

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
            return cannotResolve(url.host(), e.getMessage());
        }
        if (hasCause(e, SSLException.class) || stage == PhaseListener.Stage.TLS) {
            return tlsFailed(where, rootMessage(e));
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException
                || stage == PhaseListener.Stage.CONNECTING) {
            return cannotConnect(where, rootMessage(e));
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
