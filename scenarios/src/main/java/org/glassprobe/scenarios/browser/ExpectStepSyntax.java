package org.glassprobe.scenarios.browser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.YamlNode;

/**
 * How an assertion on the page is written. A step whose only kind key is {@code expect} is this
 * step (beside {@code http} or {@code tcp}, {@code expect} is their list of conditions):
 *
 * <pre>
 * - name: displayed
 *   expect:
 *     selector: "#uploaded-image"
 *     visible: true                 # default true; false: present in the page is enough
 *     text: "..."                   # its visible text contains this
 *     attribute: {alt: uploaded image}
 *     imageLoaded: true             # an img that loaded: complete and naturalWidth > 0
 *     integrity: choose-file        # its src, fetched through the page's own context, is the file that step uploaded
 * </pre>
 */
public final class ExpectStepSyntax extends BrowserSyntax {
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_:][-A-Za-z0-9_:.]*");

    public ExpectStepSyntax() {
        super(BrowserStep.Expect.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        Optional<Fields> maybe = context.mapping(input.action(),
                List.of("selector", "visible", "text", "attribute", "imageLoaded", "integrity"),
                "{selector: \"#uploaded-image\", imageLoaded: true}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        YamlNode selectorNode = f.require("selector", "the element to check, e.g. selector: \"#uploaded-image\"");
        Optional<Template> selector = selectorNode == null ? Optional.empty()
                : selector(selectorNode, context);
        boolean visible = !f.has("visible") || context.bool(f.get("visible")).orElse(true);
        Optional<Template> text = f.has("text") ? context.template(f.get("text")) : Optional.empty();
        Map<String, Template> attributes = f.has("attribute") ? attributes(f.get("attribute"), context) : Map.of();
        boolean imageLoaded = f.has("imageLoaded") && context.bool(f.get("imageLoaded")).orElse(false);
        Optional<IntegritySpec> integrity = f.has("integrity")
                ? integrity(f.get("integrity"), context) : Optional.empty();
        if (selector.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Expect(input.name(), input.timeout(), selector.get(), visible, text,
                attributes, imageLoaded, integrity));
    }

    private static Map<String, Template> attributes(YamlNode node, ParseContext context) {
        Map<String, Template> attributes = new LinkedHashMap<>();
        if (!node.isMapping()) {
            context.problems().at(node, "expected a mapping of attribute names to values, such as"
                    + " {alt: uploaded image}, found " + node.describe());
            return attributes;
        }
        Fields names = context.fields(node, node.entries().keySet());
        if (names.keys().isEmpty()) {
            context.problems().at(node, "name at least one attribute, such as {alt: uploaded image}");
        }
        for (String name : names.keys()) {
            YamlNode value = names.get(name);
            if (!ATTRIBUTE.matcher(name).matches()) {
                context.problems().at(value, YamlNode.quote(name) + " is not an attribute name");
                continue;
            }
            context.template(value).ifPresent(t -> attributes.put(name, t));
        }
        return attributes;
    }
}
