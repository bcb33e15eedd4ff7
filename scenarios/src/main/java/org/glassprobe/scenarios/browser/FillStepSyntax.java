package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;

/** How typing into an input is written: {@code fill: {selector: "#caption", value: "from ${probe.region}"}}. */
public final class FillStepSyntax extends BrowserSyntax {
    public FillStepSyntax() {
        super(BrowserStep.Fill.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        Optional<Fields> maybe = context.mapping(input.action(), List.of("selector", "value"),
                "{selector: \"#caption\", value: \"hello\"}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<Template> selector = required(f, "selector", "e.g. selector: \"#caption\"", n -> selector(n, context));
        Optional<Template> value = required(f, "value", "the text to type, e.g. value: \"hello\"", context::template);
        if (selector.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Fill(input.name(), input.timeout(), selector.get(), value.get()));
    }
}
