package org.glassprobe.scenarios;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.browser.ClickStepExecutor;
import org.glassprobe.scenarios.browser.ExpectStepExecutor;
import org.glassprobe.scenarios.browser.FillStepExecutor;
import org.glassprobe.scenarios.browser.GotoStepExecutor;
import org.glassprobe.scenarios.browser.ScreenshotStepExecutor;
import org.glassprobe.scenarios.browser.UploadStepExecutor;
import org.glassprobe.scenarios.browser.WaitForStepExecutor;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scenarios.run.UnresolvedVariablesException;
import org.glassprobe.scenarios.script.ScriptStepExecutor;
import org.glassprobe.scenarios.tcp.TcpStepExecutor;

/** Reading and running checks in tests, the way the probe's Main wires them. */
public final class TestChecks {
    public static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

    private TestChecks() {}

    public static Check parse(String yaml) throws InvalidCheckException {
        return parse(yaml, EXAMPLES);
    }

    public static Check parse(String yaml, Path folder) throws InvalidCheckException {
        return CheckLanguage.standard().parser().parse(new Check.Source("test.yaml", yaml, "yaml"),
                FileResolver.directory(folder));
    }

    public static Check example(String file) throws InvalidCheckException {
        return CheckLanguage.standard().load(EXAMPLES.resolve(file));
    }

    /** The HTTP and TCP kinds, and the browser kinds on a pool that starts nothing until a browser step runs. */
    public static StepExecutors executors(OkHttpClient base) {
        return executors(base, new BrowserPool(BrowserSettings.defaults(), Clock.systemUTC()));
    }

    /** Every step kind, as the probe's wiring lists them. */
    public static StepExecutors executors(OkHttpClient base, BrowserPool browsers) {
        Clock clock = Clock.systemUTC();
        return StepExecutors.of(List.of(
                new HttpStepExecutor(base, clock),
                new TcpStepExecutor(),
                new GotoStepExecutor(browsers),
                new ClickStepExecutor(browsers),
                new FillStepExecutor(browsers),
                new UploadStepExecutor(browsers),
                new WaitForStepExecutor(browsers),
                new ExpectStepExecutor(browsers),
                new ScreenshotStepExecutor(browsers, clock),
                new ScriptStepExecutor(browsers, base)));
    }

    public static CheckResult run(Check check, Map<String, String> variables) {
        return run(check, variables, HttpStepExecutor.baseClient());
    }

    public static CheckResult run(Check check, Map<String, String> variables, OkHttpClient base) {
        try (CheckRunner runner = new CheckRunner(executors(base), Clock.systemUTC())) {
            return runner.run(check, RunOptions.defaults().withVariables(variables));
        } catch (UnresolvedVariablesException e) {
            throw new AssertionError(e);
        }
    }
}
