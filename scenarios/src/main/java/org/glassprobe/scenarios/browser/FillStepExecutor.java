package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.StepFailure;

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
        Locator element = scope.find(selector, WaitForSelectorState.ATTACHED);
        try {
            element.fill(scope.render(step.value()), new Locator.FillOptions().setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw new StepFailure(ErrorKind.TIMEOUT, "the element \"" + selector + "\" was found but could not be"
                    + " filled in within " + scope.within() + " (hidden, disabled or read-only)");
        }
        scope.done();
    }
}
