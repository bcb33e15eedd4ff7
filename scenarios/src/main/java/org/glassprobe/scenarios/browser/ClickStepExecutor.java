package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import java.util.Optional;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * Clicks the one element a selector matches. When the click opens a page (a form submitted, a
 * link followed), the step lasts until that page's load event, as a person waits for it, and
 * reports its status and Navigation Timing.
 */
public final class ClickStepExecutor extends BrowserStepExecutor<BrowserStep.Click> {
    public ClickStepExecutor(BrowserPool browsers) {
        super(browsers, BrowserStep.Click.class);
    }

    @Override
    public String kind() {
        return BrowserStep.Click.KIND;
    }

    @Override
    void act(BrowserStep.Click step, Scope scope) {
        String selector = scope.render(step.selector());
        int navigations = scope.session.navigations();
        try {
            scope.page.locator(selector).click(new Locator.ClickOptions().setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw scope.notDone(selector, "clicked", "hidden, disabled or covered");
        }
        if (scope.session.navigations() == navigations) {
            scope.done();
            return;
        }
        try {
            scope.page.waitForLoadState(LoadState.LOAD, new Page.WaitForLoadStateOptions()
                    .setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw new StepFailure(ErrorKind.TIMEOUT, "clicking \"" + selector + "\" opened " + scope.page.url()
                    + ", which did not finish loading within " + scope.within());
        }
        scope.done();
        scope.request = new StepResult.Request("GET", scope.page.url());
        Optional<Response> document = scope.session.lastDocument();
        scope.timings = scope.session.timings(false);
        document.ifPresent(d -> {
            scope.status = d.status();
            if (d.status() >= 400) {
                scope.error = new RunError(ErrorKind.STATUS, null, "clicking \"" + selector + "\" opened " + d.url()
                        + ", which answered " + d.status() + (d.statusText().isEmpty() ? "" : " " + d.statusText()));
            }
        });
    }
}
