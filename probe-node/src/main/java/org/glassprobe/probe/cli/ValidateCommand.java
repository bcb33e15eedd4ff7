package org.glassprobe.probe.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.script.ScriptStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code validate FILE...}: reads check files without running them. */
@Command(name = "validate",
        description = "Check files for mistakes without running them.",
        footer = {"", "Exit status: 0 all valid, 2 at least one invalid."})
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    private ProbeCli parent;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Check files (.yaml, or .java for scenario scripts).")
    private List<Path> files;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        int invalid = 0;
        for (Path file : files) {
            try {
                Check check = parent.wiring().language().load(file);
                out.println("ok  " + file + ": " + check.kind().wireName() + " \"" + check.name() + "\", "
                        + describeSteps(check) + ", every "
                        + Durations.format(check.interval()) + ", timeout " + Durations.format(check.timeout())
                        + ", " + check.retries() + (check.retries() == 1 ? " retry" : " retries") + ", "
                        + (check.regions().isEmpty() ? "all regions" : "regions " + String.join(", ", check.regions())));
            } catch (InvalidCheckException e) {
                invalid++;
                err.println(e.getMessage());
            }
        }
        out.flush();
        if (invalid > 0 && files.size() > 1) {
            err.println(invalid + " of " + files.size() + " files are invalid");
        }
        return invalid == 0 ? 0 : ProbeCli.INVALID;
    }

    /** "3 steps", or for a scenario script "script ImageRoundTrip" (its steps are known as it runs). */
    private static String describeSteps(Check check) {
        if (check.steps().size() == 1 && check.steps().get(0) instanceof ScriptStep script) {
            return "script " + script.name();
        }
        return check.steps().size() + (check.steps().size() == 1 ? " step" : " steps");
    }
}
