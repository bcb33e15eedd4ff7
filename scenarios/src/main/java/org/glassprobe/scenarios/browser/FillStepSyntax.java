package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;

/** How typing into an input is written: {@code fill: {selector: "#caption", value: "from ${region}"}}. */
public final class FillStepSyntax implements StepSyntax {
    @Override
    public String key() {
        return BrowserStep.Fill.KIND;
    }

    @Override
    public List<String> siblingKeys() {
        return List.of();
    }

    @Override
    public Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<Fields> maybe = context.mapping(input.action(), List.of("selector", "value"),
                "{selector: \"#caption\", value: \"hello\"}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        var selectorNode = f.require("selector", "e.g. selector: \"#caption\"");
        Optional<Template> selector = selectorNode == null ? Optional.empty()
                : BrowserSyntax.selector(selectorNode, context);
        var valueNode = f.require("value", "the text to type, e.g. value: \"hello\"");
        Optional<Template> value = valueNode == null ? Optional.empty() : context.template(valueNode);
        if (selector.isEmpty() || value.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Fill(input.name(), input.timeout(), selector.get(), value.get()));
    }
}
