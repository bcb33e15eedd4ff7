package org.glassprobe.scenarios.browser;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.HttpUrl;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;
import org.glassprobe.scenarios.parse.YamlNode;

/**
 * What every browser step's syntax shares: its key, no sibling keys, and that a step with a
 * problem anywhere is not read; and the readers they share (selectors, URLs, lower-case constants,
 * integrity), reporting in the words every other reader uses. A browser step's syntax says only
 * how its action is read ({@link #readAction}).
 */
abstract class BrowserSyntax implements StepSyntax {
    private final String key;

    BrowserSyntax(String key) {
        this.key = key;
    }

    @Override
    public final String key() {
        return key;
    }

    @Override
    public final List<String> siblingKeys() {
        return List.of();
    }

    @Override
    public final Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<Step> step = readAction(input, context);
        return before == context.problems().size() ? step : Optional.empty();
    }

    /** Reads the step's action ({@code input.action()}); problems go to the context. */
    abstract Optional<Step> readAction(StepInput input, ParseContext context);

    /** A required key of a mapping, read by {@code reader}; empty (with a problem) when it is missing. */
    static <T> Optional<T> required(Fields fields, String key, String hint, Function<YamlNode, Optional<T>> reader) {
        YamlNode node = fields.require(key, hint);
        return node == null ? Optional.empty() : reader.apply(node);
    }

    /** A selector: non-empty text, which may use variables. */
    static Optional<Template> selector(YamlNode node, ParseContext context) {
        Optional<Template> selector = context.template(node);
        if (selector.isPresent() && selector.get().source().isBlank()) {
            context.problems().at(node, "expected a selector such as \"#upload-button\", found " + node.describe());
            return Optional.empty();
        }
        return selector;
    }

    /** An absolute http or https URL, checked now when its variables have defaults. */
    static Optional<Template> url(YamlNode node, ParseContext context) {
        Optional<Template> url = context.template(node);
        url.ifPresent(u -> context.renderWithDefaults(u).ifPresent(rendered -> {
            if (HttpUrl.parse(rendered) == null) {
                context.problems().at(node, YamlNode.quote(rendered) + " is not an http or https URL; write it in"
                        + " full, e.g. http://127.0.0.1:8081/");
            }
        }));
        return url;
    }

    /** One of an enum's constants, written in lower case. */
    static <E extends Enum<E>> Optional<E> constant(YamlNode node, Class<E> type, String what, ParseContext context) {
        List<String> allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return context.choice(node, allowed, what).map(t -> Enum.valueOf(type, t.toUpperCase(Locale.ROOT)));
    }

    /** {@code integrity: STEP}: the one file an earlier step uploaded. */
    static Optional<IntegritySpec> integrity(YamlNode node, ParseContext context) {
        Optional<String> stepName = context.text(node);
        if (stepName.isEmpty()) {
            return Optional.empty();
        }
        Step earlier = context.earlierSteps().get(stepName.get());
        if (earlier == null) {
            context.problems().at(node, "no earlier step is named \"" + stepName.get() + "\"; integrity names a step"
                    + " before this one that uploaded a file (earlier steps: "
                    + (context.earlierSteps().isEmpty() ? "none" : String.join(", ", context.earlierSteps().keySet()))
                    + ")");
            return Optional.empty();
        }
        Map<String, UploadFile> files = earlier.uploadedFiles();
        if (files.size() != 1) {
            context.problems().at(node, "step \"" + stepName.get() + "\" uploads " + (files.isEmpty() ? "no file"
                    : files.size() + " files") + "; integrity compares with the one file an earlier upload step set");
            return Optional.empty();
        }
        return Optional.of(new IntegritySpec(stepName.get(), files.values().iterator().next()));
    }
}
