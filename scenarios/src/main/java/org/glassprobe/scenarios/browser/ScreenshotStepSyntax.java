package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;

/**
 * How a screenshot is asked for: {@code screenshot: {}} (what the viewport shows),
 * {@code screenshot: {fullPage: true}}, or {@code screenshot: {selector: "#image-view"}}. The PNG
 * is an artifact of the step, under the probe's artifact directory.
 */
public final class ScreenshotStepSyntax extends BrowserSyntax {
    public ScreenshotStepSyntax() {
        super(BrowserStep.Screenshot.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        Optional<Fields> maybe = context.mapping(input.action(), List.of("fullPage", "selector"),
                "{fullPage: true}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        boolean fullPage = f.has("fullPage") && context.bool(f.get("fullPage")).orElse(false);
        Optional<Template> selector = f.has("selector") ? selector(f.get("selector"), context) : Optional.empty();
        if (fullPage && selector.isPresent()) {
            context.problems().at(f.get("fullPage"), "fullPage goes with a screenshot of the page, not of one"
                    + " element; leave out selector or fullPage");
        }
        return Optional.of(new BrowserStep.Screenshot(input.name(), input.timeout(), selector, fullPage));
    }
}
