package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;

/**
 * How a browser navigation is written: {@code goto: ${target}/} or
 * {@code goto: {url: ${target}/, waitUntil: domcontentloaded}} (commit, domcontentloaded, load
 * (default), networkidle).
 */
public final class GotoStepSyntax extends BrowserSyntax {
    public GotoStepSyntax() {
        super(BrowserStep.Goto.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        if (!input.action().isMapping()) {
            return url(input.action(), context)
                    .map(u -> new BrowserStep.Goto(input.name(), input.timeout(), u, BrowserStep.LoadState.LOAD));
        }
        Fields f = context.fields(input.action(), List.of("url", "waitUntil"));
        Optional<Template> url = required(f, "url", "e.g. url: \"${target}/\"", n -> url(n, context));
        BrowserStep.LoadState waitUntil = f.has("waitUntil")
                ? constant(f.get("waitUntil"), BrowserStep.LoadState.class, "a load state", context)
                        .orElse(BrowserStep.LoadState.LOAD)
                : BrowserStep.LoadState.LOAD;
        return url.map(u -> new BrowserStep.Goto(input.name(), input.timeout(), u, waitUntil));
    }
}
