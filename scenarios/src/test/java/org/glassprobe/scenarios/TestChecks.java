package org.glassprobe.scenarios;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scenarios.run.UnresolvedVariablesException;

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

    /** Every step kind, from the one list the probe's wiring reads too. */
    public static StepExecutors executors(OkHttpClient base, BrowserPool browsers) {
        return StepKinds.executors(new StepKinds.Tools(base, browsers, Clock.systemUTC()));
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
