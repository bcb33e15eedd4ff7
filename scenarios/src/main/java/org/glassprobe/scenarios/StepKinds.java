package org.glassprobe.scenarios;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.ClickStepExecutor;
import org.glassprobe.scenarios.browser.ClickStepSyntax;
import org.glassprobe.scenarios.browser.ExpectStepExecutor;
import org.glassprobe.scenarios.browser.ExpectStepSyntax;
import org.glassprobe.scenarios.browser.FillStepExecutor;
import org.glassprobe.scenarios.browser.FillStepSyntax;
import org.glassprobe.scenarios.browser.GotoStepExecutor;
import org.glassprobe.scenarios.browser.GotoStepSyntax;
import org.glassprobe.scenarios.browser.ScreenshotStepExecutor;
import org.glassprobe.scenarios.browser.ScreenshotStepSyntax;
import org.glassprobe.scenarios.browser.UploadStepExecutor;
import org.glassprobe.scenarios.browser.UploadStepSyntax;
import org.glassprobe.scenarios.browser.WaitForStepExecutor;
import org.glassprobe.scenarios.browser.WaitForStepSyntax;
import org.glassprobe.scenarios.dns.DnsStepExecutor;
import org.glassprobe.scenarios.dns.DnsStepSyntax;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.http.HttpStepSyntax;
import org.glassprobe.scenarios.parse.StepSyntax;
import org.glassprobe.scenarios.run.StepExecutor;
import org.glassprobe.scenarios.run.StepExecutors;
import org.glassprobe.scenarios.script.ScriptStep;
import org.glassprobe.scenarios.script.ScriptStepExecutor;
import org.glassprobe.scenarios.tcp.TcpStepExecutor;
import org.glassprobe.scenarios.tcp.TcpStepSyntax;

/**
 * Every step kind, one line each: how it is written (its syntax, read by the results API, the
 * CLI and the probe) and what runs it (made only where steps run, so that reading a check never
 * loads a browser). Adding a step kind is one folder and one line here.
 */
public final class StepKinds {
    /**
     * One step kind.
     *
     * @param key      its name, as results and messages say it
     * @param syntax   how it is written in a YAML check; empty for a kind that is not written as a
     *                 step (a scenario script is a whole file)
     * @param executor what runs it, from the probe's tools
     */
    public record StepKind(String key, Optional<StepSyntax> syntax, ExecutorFactory executor) {
        public StepKind {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(syntax, "syntax");
            Objects.requireNonNull(executor, "executor");
        }

        static StepKind written(StepSyntax syntax, ExecutorFactory executor) {
            return new StepKind(syntax.key(), Optional.of(syntax), executor);
        }
    }

    /** Makes a kind's executor from what a probe runs steps with. */
    @FunctionalInterface
    public interface ExecutorFactory {
        StepExecutor<?> make(Tools tools);
    }

    /**
     * What executors are made from.
     *
     * @param http     the HTTP client every HTTP call starts from ({@link HttpStepExecutor#baseClient()})
     * @param browsers the probe's browser (started only when a step asks for it)
     * @param clock    wall time
     */
    public record Tools(OkHttpClient http, BrowserPool browsers, Clock clock) {
        public Tools {
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(browsers, "browsers");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** The list, in the order messages name the kinds. */
    public static final List<StepKind> ALL = List.of(
            StepKind.written(new HttpStepSyntax(), t -> new HttpStepExecutor(t.http(), t.clock())),
            StepKind.written(new TcpStepSyntax(), t -> new TcpStepExecutor()),
            StepKind.written(new DnsStepSyntax(), t -> new DnsStepExecutor()),
            StepKind.written(new GotoStepSyntax(), t -> new GotoStepExecutor(t.browsers())),
            StepKind.written(new ClickStepSyntax(), t -> new ClickStepExecutor(t.browsers())),
            StepKind.written(new FillStepSyntax(), t -> new FillStepExecutor(t.browsers())),
            StepKind.written(new UploadStepSyntax(), t -> new UploadStepExecutor(t.browsers())),
            StepKind.written(new WaitForStepSyntax(), t -> new WaitForStepExecutor(t.browsers())),
            StepKind.written(new ExpectStepSyntax(), t -> new ExpectStepExecutor(t.browsers())),
            StepKind.written(new ScreenshotStepSyntax(), t -> new ScreenshotStepExecutor(t.browsers(), t.clock())),
            new StepKind(ScriptStep.KIND, Optional.empty(), t -> new ScriptStepExecutor(t.browsers(), t.http())));

    private StepKinds() {}

    /** How every kind written as a step is read. */
    public static List<StepSyntax> syntaxes() {
        return ALL.stream().flatMap(k -> k.syntax().stream()).toList();
    }

    /** An executor for every kind, made from these tools: what a probe runs checks with. */
    public static StepExecutors executors(Tools tools) {
        return StepExecutors.of(ALL.stream().<StepExecutor<?>>map(k -> k.executor().make(tools)).toList());
    }
}
