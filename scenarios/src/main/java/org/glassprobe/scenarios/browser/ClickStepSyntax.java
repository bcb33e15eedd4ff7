package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;

/** How a click is written: {@code click: "#upload-button"} or {@code click: {selector: "#upload-button"}}. */
public final class ClickStepSyntax implements StepSyntax {
    @Override
    public String key() {
        return BrowserStep.Click.KIND;
    }

    @Override
    public List<String> siblingKeys() {
        return List.of();
    }

    @Override
    public Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<Template> selector;
        if (input.action().isMapping()) {
            var node = context.fields(input.action(), List.of("selector")).require("selector",
                    "e.g. selector: \"#upload-button\"");
            selector = node == null ? Optional.empty() : BrowserSyntax.selector(node, context);
        } else {
            selector = BrowserSyntax.selector(input.action(), context);
        }
        if (selector.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Click(input.name(), input.timeout(), selector.get()));
    }
}
