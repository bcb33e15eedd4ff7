package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;
import okhttp3.HttpUrl;
import org.glassprobe.scenarios.parse.YamlNode;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * Opens a URL and waits for the load state asked for; reports the page's status and its
 * Navigation Timing. A page answering 400 or more fails the step with kind {@code status}.
 */
public final class GotoStepExecutor extends BrowserStepExecutor<BrowserStep.Goto> {
    public GotoStepExecutor(BrowserPool browsers) {
        super(browsers, BrowserStep.Goto.class);
    }

    @Override
    public String kind() {
        return BrowserStep.Goto.KIND;
    }

    @Override
    void act(BrowserStep.Goto step, Scope scope) {
        String url = scope.render(step.url());
        if (HttpUrl.parse(url) == null) {
            throw new StepFailure(ErrorKind.SCRIPT, YamlNode.quote(url) + " (from " + step.url().source()
                    + ") is not an http or https URL");
        }
        scope.request = new StepResult.Request("GET", url);
        Response response;
        try {
            response = scope.page.navigate(url, new Page.NavigateOptions()
                    .setWaitUntil(WaitUntilState.valueOf(step.waitUntil().name()))
                    .setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw new StepFailure(ErrorKind.TIMEOUT, "the page " + url + " did not reach \""
                    + step.waitUntil().wireName() + "\" within " + scope.within());
        } catch (PlaywrightException e) {
            throw BrowserFailures.of(e);
        }
        scope.done();
        scope.timings = scope.session.timings(true);
        if (response != null) {
            scope.status = response.status();
            if (response.status() >= 400) {
                scope.error = new RunError(ErrorKind.STATUS, null, "the page " + url + " answered "
                        + response.status() + (response.statusText().isEmpty() ? "" : " " + response.statusText()));
            }
        }
    }
}
