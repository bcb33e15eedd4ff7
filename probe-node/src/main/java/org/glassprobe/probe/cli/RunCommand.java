package org.glassprobe.probe.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.glassprobe.scenarios.http.Warmup;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunOptions;
import org.glassprobe.scenarios.run.UnresolvedVariablesException;
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

    @Parameters(index = "0", paramLabel = "FILE", description = "The check file (.yaml).")
    private Path file;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Set a variable the check declares (repeatable), e.g. --var target=http://127.0.0.1:8081")
    private Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print the result as JSON (the form the results API takes).")
    private boolean json;

    @Option(names = "--no-warmup", description = "Measure in a cold JVM: skip warming glassprobe's own HTTP and TLS"
            + " code on a loopback server first (the first request then includes JVM start-up).")
    private boolean noWarmup;

    @Override
    public Integer call() {
        ProbeCli.Wiring wiring = parent.wiring();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
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
            Warmup.run(Warmup.usesTls(check) || variables.values().stream().anyMatch(v -> v.startsWith("https:")));
        }
        CheckResult result;
        try (CheckRunner runner = new CheckRunner(wiring.executors(), wiring.clock())) {
            result = runner.run(check, RunOptions.defaults().withVariables(variables));
        } catch (UnresolvedVariablesException e) {
            err.println(e.getMessage());
            return ProbeCli.INVALID;
        }
        if (json) {
            out.println(ResultJson.toPrettyJson(result));
        } else {
            out.print(new ResultTable(check).render(result));
        }
        out.flush();
        return result.ok() ? ProbeCli.PASSED : ProbeCli.FAILED;
    }
}
