package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.WaitUntilState;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * Waits for an element to reach a state, the page's URL to match a glob, or the page to reach a
 * load state; reports the Navigation Timing of a page that loaded meanwhile.
 */
public final class WaitForStepExecutor extends BrowserStepExecutor<BrowserStep.WaitFor> {
    public WaitForStepExecutor(BrowserPool browsers) {
        super(browsers, BrowserStep.WaitFor.class);
    }

    @Override
    public String kind() {
        return BrowserStep.WaitFor.KIND;
    }

    @Override
    void act(BrowserStep.WaitFor step, Scope scope) {
        if (step.target() instanceof BrowserStep.WaitFor.ForSelector s) {
            scope.find(scope.render(s.selector()), WaitForSelectorState.valueOf(s.state().name()));
            scope.done();
            return;
        }
        if (step.target() instanceof BrowserStep.WaitFor.ForUrl u) {
            String glob = scope.render(u.glob());
            try {
                scope.page.waitForURL(glob, new Page.WaitForURLOptions().setWaitUntil(WaitUntilState.LOAD)
                        .setTimeout(scope.remainingMs()));
            } catch (TimeoutError e) {
                throw new StepFailure(ErrorKind.TIMEOUT, "the page's URL did not match \"" + glob + "\" within "
                        + scope.within() + " (it is " + scope.page.url() + ")");
            }
        } else {
            BrowserStep.LoadState state = ((BrowserStep.WaitFor.ForLoadState) step.target()).state();
            try {
                scope.page.waitForLoadState(LoadState.valueOf(state.name()), new Page.WaitForLoadStateOptions()
                        .setTimeout(scope.remainingMs()));
            } catch (TimeoutError e) {
                throw new StepFailure(ErrorKind.TIMEOUT, "the page did not reach \"" + state.wireName() + "\" within "
                        + scope.within());
            }
        }
        scope.done();
        scope.timings = scope.session.timings(false);
    }
}
