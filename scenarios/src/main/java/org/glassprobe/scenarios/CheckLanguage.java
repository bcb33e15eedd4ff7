package org.glassprobe.scenarios;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.CheckParser;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.parse.Problem;
import org.glassprobe.scenarios.script.ScriptLoader;

/**
 * The check language: the step kinds it has (one explicit list) and how check files are loaded.
 * Everything here only reads and validates, so the results API can use it without a browser.
 */
public final class CheckLanguage {
    private final CheckParser parser;
    private final ScriptLoader scripts;

    private CheckLanguage(CheckParser parser) {
        this.parser = parser;
        this.scripts = new ScriptLoader(parser);
    }

    /** Every step kind of the language ({@link StepKinds}), in the order they are listed in messages. */
    public static CheckLanguage standard() {
        return new CheckLanguage(new CheckParser(StepKinds.syntaxes()));
    }

    public CheckParser parser() {
        return parser;
    }

    /** Every step kind a loaded check can have: the YAML step kinds, and a scenario script's. */
    public List<String> stepKinds() {
        return StepKinds.ALL.stream().map(StepKinds.StepKind::key).toList();
    }

    /**
     * Reads a check file from disk: YAML ({@code .yaml}, {@code .yml}) or a scenario script
     * ({@code .java}, compiled now); the files it uses are looked for next to it.
     */
    public Check load(Path file) throws InvalidCheckException {
        String shown = file.toString();
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format;
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            format = "yaml";
        } else if (name.endsWith(".java")) {
            format = "java";
        } else {
            throw InvalidCheckException.of(new Problem(shown, 0, 0, "", "not a check file: glassprobe reads checks"
                    + " from .yaml or .yml files, and scenario scripts from .java files"));
        }
        String text;
        try {
            if (Files.size(file) > CheckParser.MAX_FILE_CHARS * 4L) {
                throw InvalidCheckException.of(new Problem(shown, 0, 0, "", "the file is "
                        + Files.size(file) + " bytes; a check file may have at most " + CheckParser.MAX_FILE_CHARS
                        + " characters"));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw InvalidCheckException.of(new Problem(shown, 0, 0, "", "no such file (looked at "
                    + file.toAbsolutePath() + ")"));
        } catch (MalformedInputException e) {
            throw InvalidCheckException.of(new Problem(shown, 0, 0, "", "the file is not UTF-8 text"));
        } catch (IOException e) {
            throw InvalidCheckException.of(new Problem(shown, 0, 0, "", "cannot read the file: " + e.getMessage()));
        }
        Path folder = file.toAbsolutePath().getParent();
        return parse(new Check.Source(shown, text, format), FileResolver.directory(folder));
    }

    /**
     * Reads a check from its text, as pushed to the results API or pulled by a probe: its format
     * says how ({@code yaml}, or {@code java} for a scenario script, which is compiled against the
     * probe's classes, so a script using Playwright needs Playwright on the class path); the files
     * it uses come from the resolver.
     */
    public Check parse(Check.Source source, FileResolver files) throws InvalidCheckException {
        return read(source, files, true);
    }

    /**
     * Reads a check as the results API keeps it: as {@link #parse}, except that a scenario
     * script is checked (its header in full, its code's syntax and its one Scenario class) but not
     * compiled, because it compiles against a probe's classes; a probe reports what only compiling
     * finds. The check's script cannot run.
     */
    public Check describe(Check.Source source, FileResolver files) throws InvalidCheckException {
        return read(source, files, false);
    }

    /** The format of a check file by its name: {@code java} for a scenario script, else {@code yaml}. */
    public static String formatOf(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".java") ? "java" : "yaml";
    }

    private Check read(Check.Source source, FileResolver files, boolean compile) throws InvalidCheckException {
        return switch (source.format()) {
            case "yaml" -> parser.parse(source, files);
            case "java" -> compile ? scripts.load(source, files) : scripts.describe(source, files);
            default -> throw InvalidCheckException.of(new Problem(source.file(), 0, 0, "", "unknown check format \""
                    + source.format() + "\"; allowed: yaml, java"));
        };
    }
}
