package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.PlaywrightException;
import java.util.Optional;
import org.glassprobe.scenarios.http.NetworkFailures;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.run.StepFailure;

/** Browser errors in the result's words: Chromium's net:: codes read as every other step's (NetworkFailures). */
public final class BrowserFailures {
    private BrowserFailures() {}

    public static StepFailure of(PlaywrightException e) {
        String message = clean(BrowserSession.firstLine(e));
        if (message.contains("strict mode violation")) {
            return new StepFailure(ErrorKind.SCRIPT, message + "; a step acts on exactly one element: make the"
                    + " selector more specific");
        }
        Optional<RunError> network = NetworkFailures.ofChromium(message);
        if (network.isPresent()) {
            return new StepFailure(network.get().kind(), network.get().message());
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
