package org.glassprobe.probe.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.Callable;
import org.glassprobe.scenarios.browser.BrowserStep;
import org.glassprobe.scenarios.Warmup;
import org.glassprobe.scenarios.dns.DnsStep;
import org.glassprobe.scenarios.dns.DnsWarmup;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.JourneyReport;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.JourneyPlace;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.RunProgress;
import org.glassprobe.scenarios.run.UnresolvedVariablesException;
import org.glassprobe.scenarios.script.ScriptStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code run FILE}: runs a check once (with its retries) and shows what happened. */
@Command(name = "run",
        description = "Run a check once, with its retries, and show every step, phase and condition.",
        footer = {"", "Exit status: 0 passed, 1 failed, 2 invalid check file or arguments."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private ProbeCli parent;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The check file (.yaml, or .java for a scenario script).")
    private Path file;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Set a variable the check declares (repeatable), e.g. --var target=http://127.0.0.1:8081")
    private Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the result as JSON (the form the results API takes).")
    private boolean json;

    @Option(names = "--progress", negatable = true,
            description = "Show which step and attempt is running and for how long, on one line redrawn in place;"
                    + " erased when the run ends. Default: when the output is a terminal, not when it is piped or"
                    + " redirected. --no-progress turns it off. Never with --json.")
    private Boolean progress;

    @Option(names = "--no-warmup", description = "Measure in a cold JVM: skip warming glassprobe's own HTTP, TLS and"
            + " DNS code on a loopback server first (the first request then includes JVM start-up), and skip starting"
            + " the browser before a browser check (its first step then waits for Chromium to start).")
    private boolean noWarmup;

    @Option(names = "--artifacts", paramLabel = "DIR",
            description = "Where a failed browser run leaves its screenshot and Playwright trace (default:"
                    + " $XDG_STATE_HOME/glassprobe/artifacts, or ~/.local/state/glassprobe/artifacts). The oldest"
                    + " are deleted beyond 100 files or 256 MiB.")
    private Path artifacts;

    @Override
    public Integer call() {
        ProbeCli.Wiring wiring = parent.wiring();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        // The plain HTTP warm-up runs while a YAML check is read: on two cores the two overlap. A script
        // is compiled first: javac's work (and the JIT's after it) would otherwise still be going on
        // when the warm-up ends and the measurement starts.
        Thread warming = new Thread(Warmup::plain, "warm-up");
        warming.setDaemon(true);
        boolean script = file.getFileName().toString().endsWith(".java");
        if (!noWarmup && !script) {
            warming.start();
        }
        Check check;
        try {
            check = wiring.language().load(file);
        } catch (InvalidCheckException e) {
            err.println(e.getMessage());
            return ProbeCli.INVALID;
        }
        for (String name : variables.keySet()) {
            if (!check.variables().containsKey(name)) {
                err.println("warning: --var " + name + " is ignored: " + file + " declares no variable \"" + name
                        + "\" (declared: " + (check.variables().isEmpty() ? "none" : String.join(", ",
                        check.variables().keySet())) + ")");
            }
        }
        if (!noWarmup) {
            if (script) {
                warming.start();
            }
            awaitWarmup(warming);
            if (check.allSteps().stream().anyMatch(s -> s instanceof HttpStep || s instanceof ScriptStep)
                    && (Warmup.usesTls(check) || variables.values().stream().anyMatch(v -> v.startsWith("https:")))) {
                // a script's ctx.http() is the same client as an HTTP step's: the same warm-up, the same timings
                Warmup.tls();
            }
            if (check.allSteps().stream().anyMatch(s -> s instanceof DnsStep)) {
                DnsWarmup.run();
            }
            if (usesBrowser(check)) {
                // A probe's browser is already running when a check is due; start it before the deadline starts.
                wiring.browsers().warm(BROWSER_WARMUP);
            }
        }
        Path artifactDir = artifacts != null ? artifacts : defaultArtifacts(System::getenv);
        List<CheckResult> results = new ArrayList<>();
        ProgressLine line = showsProgress(Optional.ofNullable(progress), json, wiring.terminal())
                ? new ProgressLine(out, check.name(), wiring.clock()) : null;
        try (CheckRunner runner = new CheckRunner(wiring.executors(), wiring.clock(), Optional.of(artifactDir))) {
            RunOptions options = RunOptions.defaults().withVariables(variables)
                    .withProgress(line != null ? line : RunProgress.NONE);
            if (check.journey().isEmpty()) {
                results.add(runner.run(check, options));
            } else {
                results.addAll(journey(runner, check, options));
            }
        } catch (UnresolvedVariablesException e) {
            err.println(e.getMessage());
            return ProbeCli.INVALID;
        } finally {
            if (line != null) {
                line.close();
            }
        }
        if (json && results.size() == 1) {
            out.println(ResultJson.toPrettyJson(results.get(0)));
        } else if (json) {
            out.println(results.stream().map(ResultJson::toPrettyJson)
                    .collect(java.util.stream.Collectors.joining(",\n", "[\n", "\n]")));
        } else {
            for (CheckResult result : results) {
                out.print(new ResultTable(check).render(result));
            }
        }
        out.flush();
        return results.stream().allMatch(CheckResult::ok) ? ProbeCli.PASSED : ProbeCli.FAILED;
    }

    /**
     * A journey on the command line plays both parts: it writes, then reads what it wrote as a
     * second region would (at once: the propagation to this machine), and shows both results.
     */
    private static List<CheckResult> journey(CheckRunner runner, Check check, RunOptions options)
            throws UnresolvedVariablesException {
        Instant round = Instant.now();
        CheckResult written = runner.run(check, options.withJourney(new JourneyPlace(Optional.of(round),
                JourneyPlace.Role.WRITER, JourneyPlace.ObjectSource.NONE)));
        JourneyReport.PublishedObject object = written.journey() == null ? null : written.journey().object();
        if (object == null) {
            return List.of(written);
        }
        JourneyReport.PublishedObject published = new JourneyReport.PublishedObject(written.id().toString(), round,
                new JourneyReport.Writer(options.probe().name(), options.probe().region()), object.url(),
                object.sha256(), object.size(), object.contentType(), object.file(), object.step(),
                object.uploadStartedAt(), object.uploadedAt());
        CheckResult read = runner.run(check, options.withJourney(new JourneyPlace(Optional.of(round),
                JourneyPlace.Role.READER, (name, r, wait) -> new JourneyPlace.Lookup(Optional.of(published),
                        Optional.empty()))));
        return List.of(written, read);
    }

    /**
     * Whether to draw the progress line: never into JSON (a program reads it), else as asked with
     * --progress/--no-progress, else only on a terminal (a pipe or a file would keep every redraw).
     */
    static boolean showsProgress(Optional<Boolean> asked, boolean json, boolean terminal) {
        return !json && asked.orElse(terminal);
    }

    private static final Duration BROWSER_WARMUP = Duration.ofSeconds(30);

    private static void awaitWarmup(Thread warming) {
        try {
            warming.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Browser steps, or a script that asks for a page: start Chromium before the deadline starts. */
    private static boolean usesBrowser(Check check) {
        return check.allSteps().stream().anyMatch(s -> s instanceof BrowserStep
                || s instanceof ScriptStep script && script.usesBrowser());
    }

    /** The XDG place for state a program keeps between runs. */
    static Path defaultArtifacts(Function<String, String> env) {
        String state = env.apply("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("glassprobe").resolve("artifacts");
    }
}
