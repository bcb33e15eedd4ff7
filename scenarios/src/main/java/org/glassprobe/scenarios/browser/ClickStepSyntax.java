package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;

/** How a click is written: {@code click: "#upload-button"} or {@code click: {selector: "#upload-button"}}. */
public final class ClickStepSyntax extends BrowserSyntax {
    public ClickStepSyntax() {
        super(BrowserStep.Click.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        Optional<Template> selector = input.action().isMapping()
                ? required(context.fields(input.action(), List.of("selector")), "selector",
                        "e.g. selector: \"#upload-button\"", n -> selector(n, context))
                : selector(input.action(), context);
        return selector.map(s -> new BrowserStep.Click(input.name(), input.timeout(), s));
    }
}
