package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.YamlNode;

/**
 * How a wait is written, with exactly one of:
 *
 * <pre>
 * waitFor: "#uploaded-image"                               # an element, visible
 * waitFor: {selector: "#spinner", state: hidden}           # visible (default), attached, hidden, detached
 * waitFor: {url: "**&#47;?image=*"}                            # the page's URL, a glob
 * waitFor: {loadState: networkidle}                        # domcontentloaded, load, networkidle
 * </pre>
 */
public final class WaitForStepSyntax extends BrowserSyntax {
    private static final List<String> TARGETS = List.of("selector", "url", "loadState");

    public WaitForStepSyntax() {
        super(BrowserStep.WaitFor.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        YamlNode action = input.action();
        Optional<BrowserStep.WaitFor.Target> target;
        if (!action.isMapping()) {
            target = selector(action, context)
                    .map(s -> new BrowserStep.WaitFor.ForSelector(s, BrowserStep.ElementState.VISIBLE));
        } else {
            Fields f = context.fields(action, List.of("selector", "state", "url", "loadState"));
            List<String> given = TARGETS.stream().filter(f::has).toList();
            if (given.size() != 1) {
                context.problems().at(action, "waitFor has exactly one of " + String.join(", ", TARGETS) + ", found "
                        + (given.isEmpty() ? "none" : String.join(" and ", given)));
                return Optional.empty();
            }
            if (f.has("state") && !f.has("selector")) {
                context.problems().at(f.get("state"), "state goes with selector (the state an element is waited"
                        + " for); for a page use loadState");
                return Optional.empty();
            }
            target = switch (given.get(0)) {
                case "selector" -> {
                    BrowserStep.ElementState state = f.has("state")
                            ? constant(f.get("state"), BrowserStep.ElementState.class,
                                    "an element state", context).orElse(BrowserStep.ElementState.VISIBLE)
                            : BrowserStep.ElementState.VISIBLE;
                    yield selector(f.get("selector"), context)
                            .map(s -> new BrowserStep.WaitFor.ForSelector(s, state));
                }
                case "url" -> context.template(f.get("url")).map(BrowserStep.WaitFor.ForUrl::new);
                default -> loadState(f.get("loadState"), context).map(BrowserStep.WaitFor.ForLoadState::new);
            };
        }
        if (target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.WaitFor(input.name(), input.timeout(), target.get()));
    }

    private static Optional<BrowserStep.LoadState> loadState(YamlNode node, ParseContext context) {
        List<String> allowed = List.of("domcontentloaded", "load", "networkidle");
        return context.choice(node, allowed, "a load state to wait for")
                .map(s -> BrowserStep.LoadState.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
    }
}
