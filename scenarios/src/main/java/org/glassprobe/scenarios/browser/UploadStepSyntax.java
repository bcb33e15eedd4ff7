package org.glassprobe.scenarios.browser;

import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;

/**
 * How a file input is set: {@code upload: {selector: "#file", file: images/glassprobe.png}}, the
 * file relative to the check file and read when the check is read (optionally
 * {@code contentType}). A later {@code expect} can name this step under {@code integrity}.
 */
public final class UploadStepSyntax extends BrowserSyntax {
    public UploadStepSyntax() {
        super(BrowserStep.Upload.KIND);
    }

    @Override
    Optional<Step> readAction(StepInput input, ParseContext context) {
        Optional<Fields> maybe = context.mapping(input.action(), List.of("selector", "file", "contentType"),
                "{selector: \"#file\", file: images/logo.png}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        Optional<Template> selector = required(f, "selector", "the file input, e.g. selector: \"#file\"",
                n -> selector(n, context));
        Optional<String> contentType = f.has("contentType") ? context.text(f.get("contentType")) : Optional.empty();
        Optional<UploadFile> file = required(f, "file", "a path relative to the check file, e.g. file: images/logo.png",
                n -> context.file(n, contentType));
        if (selector.isEmpty() || file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BrowserStep.Upload(input.name(), input.timeout(), selector.get(), file.get()));
    }
}
