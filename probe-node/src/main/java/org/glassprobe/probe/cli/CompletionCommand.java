package org.glassprobe.probe.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code completion}: prints the shell completion script for every command and option, made by
 * picocli from the commands themselves, so it never falls behind them. One script serves bash and
 * zsh (it turns on zsh's bashcompinit itself).
 */
@Command(name = "completion",
        description = {"Print the completion script for bash and zsh. Load it in the shell's start-up file:",
            "  source <(glassprobe-probe completion)",
            "with glassprobe-probe on the PATH, or an alias:",
            "  alias glassprobe-probe='java -jar /path/to/glassprobe-probe.jar'"},
        footer = {"", "Exit status: 0."})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        var out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(root.name(), root.commandLine()));
        out.flush();
        return 0;
    }
}
