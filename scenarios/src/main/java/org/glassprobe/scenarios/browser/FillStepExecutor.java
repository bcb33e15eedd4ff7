package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.TimeoutError;

/** Types a value into the one input a selector matches. */
public final class FillStepExecutor extends BrowserStepExecutor<BrowserStep.Fill> {
    public FillStepExecutor(BrowserPool browsers) {
        super(browsers, BrowserStep.Fill.class);
    }

    @Override
    public String kind() {
        return BrowserStep.Fill.KIND;
    }

    @Override
    void act(BrowserStep.Fill step, Scope scope) {
        String selector = scope.render(step.selector());
        try {
            scope.page.locator(selector).fill(scope.render(step.value()),
                    new Locator.FillOptions().setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw scope.notDone(selector, "filled in", "hidden, disabled or read-only");
        }
        scope.done();
    }
}
