package org.glassprobe.scenarios.script;

import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepExecutor;

/**
 * Runs a scenario script: a new instance per attempt, its context, and its timed steps reported
 * as they finish. The runner keeps the deadline: at it, the attempt's HTTP calls are cancelled and
 * its browser closed, and a script still running is abandoned (a script that loops without calling
 * its context keeps a worker thread until it ends).
 */
public final class ScriptStepExecutor implements StepExecutor<ScriptStep> {
    private final BrowserPool browsers;
    private final OkHttpClient base;

    /**
     * @param browsers the probe's browser, for scripts that ask for a page
     * @param base     the client the scripts' HTTP calls start from; see
     *                 {@link org.glassprobe.scenarios.http.HttpStepExecutor#baseClient()}
     */
    public ScriptStepExecutor(BrowserPool browsers, OkHttpClient base) {
        this.browsers = browsers;
        this.base = base;
    }

    @Override
    public String kind() {
        return ScriptStep.KIND;
    }

    @Override
    public Class<ScriptStep> stepType() {
        return ScriptStep.class;
    }

    @Override
    public StepResult execute(ScriptStep step, RunContext run) {
        ScriptRun context = new ScriptRun(step, run, browsers, base);
        try {
            Scenario scenario = step.program().newInstance();
            scenario.run(context);
            return context.passed();
        } catch (ScriptRun.Stopped stopped) {
            return stopped.result();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return context.failedOutsideSteps(t);
        } finally {
            context.releasePage();
        }
    }
}
