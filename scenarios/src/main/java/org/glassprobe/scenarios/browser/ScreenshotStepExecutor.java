package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * Saves a PNG of the page (or of one element) under the probe's artifact directory and names it in
 * the step's result. Without an artifact directory the picture is taken and not kept.
 */
public final class ScreenshotStepExecutor extends BrowserStepExecutor<BrowserStep.Screenshot> {
    private final Clock clock;

    public ScreenshotStepExecutor(BrowserPool browsers, Clock clock) {
        super(browsers, BrowserStep.Screenshot.class);
        this.clock = clock;
    }

    @Override
    public String kind() {
        return BrowserStep.Screenshot.KIND;
    }

    @Override
    void act(BrowserStep.Screenshot step, Scope scope) {
        byte[] png;
        if (step.selector().isPresent()) {
            Locator element = scope.find(scope.render(step.selector().get()), WaitForSelectorState.VISIBLE);
            png = element.screenshot(new Locator.ScreenshotOptions().setTimeout(scope.remainingMs()));
        } else {
            png = scope.page.screenshot(new Page.ScreenshotOptions().setFullPage(step.fullPage())
                    .setTimeout(scope.remainingMs()));
        }
        scope.done();
        Optional<Path> dir = scope.run.artifactDir();
        if (dir.isEmpty()) {
            return;
        }
        try {
            scope.artifacts.add(Artifacts.write(dir.get(), Artifacts.baseName(clock.instant(), scope.run.checkName(),
                    step.name()) + ".png", "screenshot", png));
        } catch (IOException e) {
            throw new StepFailure(ErrorKind.PROBE, "cannot save the screenshot in " + dir.get() + ": "
                    + e.getMessage());
        }
        BrowserSettings settings = scope.session.settings();
        Artifacts.prune(dir.get(), settings.maxArtifactFiles(), settings.maxArtifactBytes(), scope.artifacts);
    }
}
