package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Integrity;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepExecutor;
import org.glassprobe.scenarios.run.StepFailure;

/**
 * What every browser step kind shares: the attempt's session, the step's deadline passed to every
 * Playwright call (so that none waits past it), the step's time (its action, up to the load of a
 * page it opened, without glassprobe's own reading of timings), and browser errors put in the
 * result's words. A kind only says what it does, in {@link #act}.
 *
 * @param <S> the step record it runs
 */
abstract class BrowserStepExecutor<S extends BrowserStep> implements StepExecutor<S> {
    private final BrowserPool browsers;
    private final Class<S> type;

    BrowserStepExecutor(BrowserPool browsers, Class<S> type) {
        this.browsers = browsers;
        this.type = type;
    }

    @Override
    public final Class<S> stepType() {
        return type;
    }

    @Override
    public final StepResult execute(S step, RunContext run) {
        BrowserSession session = browsers.session(run);
        long deadline = run.stepDeadline(step);
        return session.use(page -> {
            Scope scope = new Scope(step, run, session, page, deadline);
            try {
                act(step, scope);
            } catch (TimeoutError e) {
                throw new StepFailure(ErrorKind.TIMEOUT, step.kind() + " did not finish within "
                        + run.deadlineWords(step) + " (" + BrowserSession.firstLine(e) + ")");
            } catch (PlaywrightException e) {
                throw BrowserFailures.of(e);
            }
            return scope.result();
        });
    }

    /** Does the step with the page in hand; reports through the scope; throws StepFailure for a failure found early. */
    abstract void act(S step, Scope scope);

    /** One step's run: its page, its deadline, and what it reports. */
    static final class Scope {
        final BrowserStep step;
        final RunContext run;
        final BrowserSession session;
        final Page page;
        final long deadline;
        private final long started = System.nanoTime();
        private long ended = -1;
        StepResult.Request request;
        Integer status;
        final List<ConditionResult> conditions = new ArrayList<>();
        Integrity integrity;
        Map<String, Double> timings = Map.of();
        final List<StepResult.Artifact> artifacts = new ArrayList<>();
        RunError error;

        Scope(BrowserStep step, RunContext run, BrowserSession session, Page page, long deadline) {
            this.step = step;
            this.run = run;
            this.session = session;
            this.page = page;
            this.deadline = deadline;
        }

        /** What is left of the step's deadline, in milliseconds, for a Playwright timeout (at least 1). */
        double remainingMs() {
            return Math.max(1, (deadline - System.nanoTime()) / 1_000_000.0);
        }

        String render(Template template) {
            return run.render(template);
        }

        /** "the step's timeout of 2s" or "the check's timeout of 20s". */
        String within() {
            return run.deadlineWords(step);
        }

        /** The step's action is over: what comes after (reading timings) is not the site's time. */
        void done() {
            if (ended < 0) {
                ended = System.nanoTime();
            }
        }

        /**
         * The one element a selector matches, once it is in the given state; a selector that
         * matches nothing by the deadline fails the step with a timeout naming it.
         */
        Locator find(String selector, WaitForSelectorState state) {
            Locator locator = page.locator(selector);
            try {
                locator.waitFor(new Locator.WaitForOptions().setState(state).setTimeout(remainingMs()));
            } catch (TimeoutError e) {
                throw new StepFailure(ErrorKind.TIMEOUT, switch (state) {
                    case ATTACHED -> "no element matched selector \"" + selector + "\" within " + within();
                    case VISIBLE -> "no visible element matched selector \"" + selector + "\" within " + within();
                    case HIDDEN -> "the element matching \"" + selector + "\" was still visible after " + within();
                    case DETACHED -> "an element matching \"" + selector + "\" was still in the page after "
                            + within();
                });
            } catch (PlaywrightException e) {
                throw BrowserFailures.of(e);
            }
            return locator;
        }

        /**
         * The failure of an action on a selector that did not happen by the deadline: no element
         * matched it at all (the usual case: a timeout naming the selector), or one did but could
         * not be acted on. Playwright waits for the element itself, so the count is asked only
         * now, once.
         */
        StepFailure notDone(String selector, String done, String why) {
            int matching;
            try {
                matching = page.locator(selector).count();
            } catch (PlaywrightException e) {
                matching = 0;
            }
            return new StepFailure(ErrorKind.TIMEOUT, matching == 0
                    ? "no element matched selector \"" + selector + "\" within " + within()
                    : "the element \"" + selector + "\" was found but could not be " + done + " within " + within()
                            + " (" + why + ")");
        }

        StepResult result() {
            done();
            double ms = CheckRunner.millis(ended - started);
            return new StepResult(step.name(), step.kind(), error == null, ms, request, status, null, conditions,
                    null, integrity, timings, artifacts, error);
        }
    }
}
