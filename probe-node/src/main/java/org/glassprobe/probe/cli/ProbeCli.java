package org.glassprobe.probe.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.glassprobe.probe.agent.AgentVersion;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.StepKinds;
import org.glassprobe.scenarios.browser.BrowserPool;
import org.glassprobe.scenarios.browser.BrowserSettings;
import org.glassprobe.scenarios.http.HttpStepExecutor;
import org.glassprobe.scenarios.run.StepExecutors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code glassprobe-probe}: runs checks once from the command line, and (later) runs the probe agent. */
@Command(name = "glassprobe-probe",
        // inherited, so that every subcommand answers --help and --version before checking its own arguments
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ProbeCli.Version.class,
        description = "glassprobe's probe: run and validate check files, enrol a probe, run the probe agent,"
                + " deploy a directory of checks (checks plan|apply|pull).",
        subcommands = {RunCommand.class, ValidateCommand.class, EnrolCommand.class, AgentCommand.class,
            ChecksCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class ProbeCli {
    /** Exit code for a check that ran and passed. */
    public static final int PASSED = 0;
    /** Exit code for a check that ran and failed. */
    public static final int FAILED = 1;
    /** Exit code for a check file that cannot be used (and for bad command-line arguments). */
    public static final int INVALID = 2;

    private final Wiring wiring;

    ProbeCli(Wiring wiring) {
        this.wiring = wiring;
    }

    Wiring wiring() {
        return wiring;
    }

    /**
     * What the commands are built from; made once in {@link #main} (and by tests). It owns the
     * probe's browser, which it closes. {@code terminal}: the output is a terminal (progress may be drawn);
     * {@code environment}: the process's environment variables (null for one not set).
     */
    record Wiring(CheckLanguage language, StepExecutors executors, BrowserPool browsers, Clock clock,
            boolean terminal, UnaryOperator<String> environment) implements AutoCloseable {
        /** Every step kind ({@link StepKinds}); the browser from the environment (GLASSPROBE_CHROMIUM, ...). */
        static Wiring standard() {
            Clock clock = Clock.systemUTC();
            BrowserPool browsers = new BrowserPool(BrowserSettings.fromEnvironment(
                    name -> Optional.ofNullable(System.getenv(name))), clock);
            OkHttpClient http = HttpStepExecutor.baseClient(); // one client: its TLS set-up is made once
            StepExecutors executors = StepKinds.executors(new StepKinds.Tools(http, browsers, clock));
            // Java 17's System.console() is null unless standard input and output are both a terminal.
            return new Wiring(CheckLanguage.standard(), executors, browsers, clock, System.console() != null,
                    System::getenv);
        }

        @Override
        public void close() {
            browsers.close();
        }
    }

    public static void main(String[] args) {
        // Resolve names afresh on every run, as blackbox_exporter does, so the resolve phase is real.
        Security.setProperty("networkaddress.cache.ttl", "0");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int status;
        try (Wiring wiring = Wiring.standard()) {
            status = execute(wiring, args, out, err);
        } catch (IllegalArgumentException e) {
            err.println("glassprobe-probe: " + e.getMessage());
            status = INVALID;
        }
        System.exit(status);
    }

    static int execute(Wiring wiring, String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(wiring);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static CommandLine commandLine(Wiring wiring) {
        CommandLine cli = new CommandLine(new ProbeCli(wiring));
        cli.setExitCodeExceptionMapper(e -> INVALID);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("glassprobe-probe: unexpected error: " + e
                    + " (this is a bug; please report it with the command you ran)");
            return INVALID;
        });
        return cli;
    }

    /** The version the heartbeats report, so that an operator can match a probe on the page to its jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"glassprobe-probe " + AgentVersion.get()};
        }
    }
}
