package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;

/**
 * How a browser navigation is written: {@code goto: ${target}/} or
 * {@code goto: {url: ${target}/, waitUntil: domcontentloaded}} (commit, domcontentloaded, load
 * (default), networkidle).
 */
public final class GotoStepSyntax implements StepSyntax {
    @Override
    public String key() {
        return BrowserStep.Goto.KIND;
    }

    @Override
    public List<String> siblingKeys() {
        return List.of();
    }

    @Override
    public Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<Template> url;
        BrowserStep.LoadState waitUntil = BrowserStep.LoadState.LOAD;
        if (input.action().isMapping()) {
            Fields f = context.fields(input.action(), List.of("url", "waitUntil"));
            var urlNode = f.require("url", "e.g. url: \"${target}/\"");
            url = urlNode == null ? Optional.empty() : BrowserSyntax.url(urlNode, context);
            if (f.has("waitUntil")) {
                waitUntil = BrowserSyntax.constant(f.get("waitUntil"), BrowserStep.LoadState.class, "a load state",
                        context).orElse(waitUntil);
            }
        } else {
            url = BrowserSyntax.url(input.action(), context);
        }
        if (url.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Goto(input.name(), input.timeout(), url.get(), waitUntil));
    }
}
