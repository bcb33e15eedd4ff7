package org.glassprobe.scenarios.script;

import java.util.List;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.CheckKind;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.CheckParser;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.parse.Problem;
import org.glassprobe.scenarios.parse.Suggestions;

/**
 * Reads a scenario script: its header (the check's settings, in YAML, between a line
 * {@code /*---} and a line {@code ---*}{@code /}), validated by the same rules and with the same
 * messages as a YAML check, then the code, compiled with the JDK's compiler. Nothing of the script
 * runs while it is read.
 *
 * <pre>
 * /*---
 * name: image-roundtrip-java
 * interval: 60s
 * timeout: 20s
 * variables:
 *   target: http://127.0.0.1:8081
 * files: [images/glassprobe.png]
 * ---*&#47;
 * public class ImageRoundTrip implements Scenario { ... }
 * </pre>
 */
public final class ScriptLoader {
    private static final Pattern OPEN = Pattern.compile("\\s*/\\*---\\s*");
    private static final Pattern CLOSE = Pattern.compile("\\s*---\\*/\\s*");

    private final CheckParser parser;

    public ScriptLoader(CheckParser parser) {
        this.parser = parser;
    }

    /** Reads and compiles a script, ready to run (on a probe, or once from the command line). */
    public Check load(Check.Source source, FileResolver files) throws InvalidCheckException {
        return read(source, files, true);
    }

    /**
     * Reads a script as the results API keeps it: its header validated in full, its code checked
     * for syntax and its one Scenario class, not compiled (the API has not the probe's classes,
     * Playwright among them); its step's program cannot run.
     */
    public Check describe(Check.Source source, FileResolver files) throws InvalidCheckException {
        return read(source, files, false);
    }

    private Check read(Check.Source source, FileResolver files, boolean compile) throws InvalidCheckException {
        List<String> lines = source.text().lines().toList();
        int open = -1;
        int close = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (open < 0 && OPEN.matcher(lines.get(i)).matches()) {
                open = i;
            } else if (open >= 0 && CLOSE.matcher(lines.get(i)).matches()) {
                close = i;
                break;
            }
        }
        if (open < 0) {
            throw InvalidCheckException.of(new Problem(source.file(), 1, 0, "", "a scenario script starts with its"
                    + " check's settings in YAML between a line /*--- and a line ---*/ (name at least, and interval,"
                    + " timeout, retries, regions, variables, files as needed); found none"));
        }
        if (close < 0) {
            throw InvalidCheckException.of(new Problem(source.file(), open + 1, 0, "", "the header opened here is"
                    + " never closed; end it with a line ---*/"));
        }
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            // Every other line is left blank, so that the YAML reader's line numbers are the file's.
            yaml.append(i > open && i < close ? lines.get(i) : "").append('\n');
        }
        CheckParser.ScriptHeader header = parser.parseScriptHeader(source, yaml.toString(), files);
        CompiledScript program = compile ? ScriptCompiler.compile(source) : ScriptCompiler.check(source);
        ScriptScan scan = ScriptScan.of(java.nio.file.Path.of(source.file()).getFileName().toString(), source.text());
        List<Problem> undeclared = new java.util.ArrayList<>();
        for (ScriptScan.VariableRead read : scan.variables()) {
            String name = read.name();
            if (header.variables().containsKey(name) || name.startsWith("env.") || Template.RUN_VALUES.contains(name)) {
                continue;
            }
            undeclared.add(new Problem(source.file(), read.line(), 0, "", "var(\"" + name + "\") reads a variable"
                    + " the header does not declare" + Suggestions.didYouMean(name, header.variables().keySet())
                    + "; declared: " + (header.variables().isEmpty() ? "none"
                            : String.join(", ", header.variables().keySet()))
                    + " (declare it under variables in the header, read the probe's environment with"
                    + " var(\"env.NAME\"), or a run value such as var(\"run.id\"))"));
        }
        if (!undeclared.isEmpty()) {
            throw new InvalidCheckException(undeclared);
        }
        String simpleName = program.className().substring(program.className().lastIndexOf('.') + 1);
        return new Check(header.name(), CheckKind.SCENARIO, header.interval(), header.timeout(), header.regions(),
                header.retries(), header.variables(), List.of(new ScriptStep(simpleName, program, header.files(),
                        scan.usesBrowser())),
                source, header.outage(), List.of(), header.fromProbe(), header.labels());
    }
}
