package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;

/**
 * How a file input is set: {@code upload: {selector: "#file", file: images/glassprobe.png}}, the
 * file relative to the check file and read when the check is read (optionally
 * {@code contentType}). A later {@code expect} can name this step under {@code integrity}.
 */
public final class UploadStepSyntax implements StepSyntax {
    @Override
    public String key() {
        return BrowserStep.Upload.KIND;
    }

    @Override
    public List<String> siblingKeys() {
        return List.of();
    }

    @Override
    public Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<Fields> maybe = context.mapping(input.action(), List.of("selector", "file", "contentType"),
                "{selector: \"#file\", file: images/logo.png}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        var selectorNode = f.require("selector", "the file input, e.g. selector: \"#file\"");
        Optional<Template> selector = selectorNode == null ? Optional.empty()
                : BrowserSyntax.selector(selectorNode, context);
        Optional<String> contentType = f.has("contentType") ? context.text(f.get("contentType")) : Optional.empty();
        var fileNode = f.require("file", "a path relative to the check file, e.g. file: images/logo.png");
        Optional<UploadFile> file = fileNode == null ? Optional.empty() : context.file(fileNode, contentType);
        if (selector.isEmpty() || file.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Upload(input.name(), input.timeout(), selector.get(), file.get()));
    }
}
