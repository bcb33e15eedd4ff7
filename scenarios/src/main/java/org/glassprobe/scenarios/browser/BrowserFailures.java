package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.PlaywrightException;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.StepFailure;

/** Browser errors in the result's words: Chromium's net:: codes become dns, connect, tls or timeout. */
public final class BrowserFailures {
    private BrowserFailures() {}

    public static StepFailure of(PlaywrightException e) {
        String message = clean(BrowserSession.firstLine(e));
        if (message.contains("strict mode violation")) {
            return new StepFailure(ErrorKind.SCRIPT, message + "; a step acts on exactly one element: make the"
                    + " selector more specific");
        }
        if (message.contains("net::ERR_NAME_NOT_RESOLVED")) {
            return new StepFailure(ErrorKind.DNS, "the browser cannot resolve the host: " + message);
        }
        if (message.contains("net::ERR_CERT_") || message.contains("net::ERR_SSL_")) {
            return new StepFailure(ErrorKind.TLS, "the browser refused the TLS connection: " + message);
        }
        if (message.contains("net::ERR_TIMED_OUT") || message.contains("net::ERR_CONNECTION_TIMED_OUT")) {
            return new StepFailure(ErrorKind.TIMEOUT, "the browser's connection timed out: " + message);
        }
        if (message.contains("net::ERR_CONNECTION") || message.contains("net::ERR_EMPTY_RESPONSE")
                || message.contains("net::ERR_ADDRESS_UNREACHABLE") || message.contains("net::ERR_SOCKET")) {
            return new StepFailure(ErrorKind.CONNECT, "the browser cannot reach the site: " + message);
        }
        if (message.contains("has been closed") || message.contains("Target closed")
                || message.contains("connection closed")) {
            return new StepFailure(ErrorKind.SCRIPT, "the page or the browser closed during the step: " + message);
        }
        return new StepFailure(ErrorKind.SCRIPT, message);
    }

    /** Playwright's first line without its "Error: " prefixes. */
    private static String clean(String message) {
        String m = message;
        while (m.startsWith("Error: ")) {
            m = m.substring("Error: ".length());
        }
        return m;
    }
}
