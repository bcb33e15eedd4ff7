package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.FilePayload;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.run.StepFailure;

/** Sets the one file input a selector matches to the step's file (its bytes, read with the check). */
public final class UploadStepExecutor extends BrowserStepExecutor<BrowserStep.Upload> {
    public UploadStepExecutor(BrowserPool browsers) {
        super(browsers, BrowserStep.Upload.class);
    }

    @Override
    public String kind() {
        return BrowserStep.Upload.KIND;
    }

    @Override
    void act(BrowserStep.Upload step, Scope scope) {
        String selector = scope.render(step.selector());
        UploadFile file = step.file();
        String name = file.path().substring(file.path().lastIndexOf('/') + 1);
        try {
            scope.page.locator(selector).setInputFiles(new FilePayload(name, file.contentType(), file.bytes()),
                    new Locator.SetInputFilesOptions().setTimeout(scope.remainingMs()));
        } catch (TimeoutError e) {
            throw scope.notDone(selector, "set", "not a file input that can take it");
        } catch (PlaywrightException e) {
            if (BrowserSession.firstLine(e).contains("HTMLInputElement")
                    || BrowserSession.firstLine(e).contains("input[type=file]")) {
                throw new StepFailure(ErrorKind.SCRIPT, "\"" + selector + "\" is not a file input (<input"
                        + " type=\"file\">)");
            }
            throw e;
        }
        scope.done();
    }
}
