package org.glassprobe.probe.checks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.parse.CheckParser;
import org.glassprobe.scenarios.parse.FileResolver;
import org.glassprobe.scenarios.parse.InvalidCheckException;
import org.glassprobe.scenarios.parse.Problem;

/**
 * Reads a directory of checks as code: every {@code *.yaml}, {@code *.yml} and {@code *.java}
 * file under it (hidden directories such as {@code .git} skipped) is a check file, except a file
 * that a check of the directory uploads, which travels with that check. Each is validated with the
 * probe's full check language, as {@code validate} does (scripts compiled), its upload files read
 * relative to it.
 */
public final class CheckDirectory {
    private CheckDirectory() {}

    /** The valid checks of a directory, by file; or every problem found, when there is one. */
    public record Reading(List<LocalCheck> checks, List<Problem> problems) {
        public Reading {
            checks = List.copyOf(checks);
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Reads and validates every check file under {@code dir}. */
    public static Reading read(Path dir, CheckLanguage language) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Reading(List.of(), List.of(new Problem(dir.toString(), 0, 0, "", Files.exists(dir)
                    ? "not a directory: give the directory that holds the check files"
                    : "no such directory (looked at " + dir.toAbsolutePath() + ")")));
        }
        List<Path> candidates = candidates(dir);
        Set<Path> uploaded = new HashSet<>();
        Map<Path, Parsed> parsed = new LinkedHashMap<>();
        for (Path file : candidates) {
            parsed.put(file, parse(dir, file, language, uploaded));
        }
        List<LocalCheck> checks = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, LocalCheck> byName = new TreeMap<>();
        for (var entry : parsed.entrySet()) {
            if (uploaded.contains(entry.getKey().toAbsolutePath().normalize())) {
                continue; // an upload file of some check, not a check of its own
            }
            Parsed p = entry.getValue();
            problems.addAll(p.problems());
            if (p.check() == null) {
                continue;
            }
            LocalCheck other = byName.putIfAbsent(p.check().name(), p.check());
            if (other != null) {
                problems.add(new Problem(p.check().shown(), 0, 0, "name", "the check \"" + p.check().name()
                        + "\" is also declared by " + other.shown() + "; a name may be declared by one file only:"
                        + " rename one of them or delete the other"));
            } else {
                checks.add(p.check());
            }
        }
        return problems.isEmpty() ? new Reading(checks, List.of()) : new Reading(List.of(), problems);
    }

    /** Every file that may be a check file, in a stable order, hidden directories left out. */
    private static List<Path> candidates(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && d.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (attrs.isRegularFile()
                        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".java"))) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null);
        return found;
    }

    private record Parsed(LocalCheck check, List<Problem> problems) {}

    private static Parsed parse(Path dir, Path file, CheckLanguage language, Set<Path> uploaded) {
        String shown = file.toString();
        String relative = relative(dir, file);
        String text;
        try {
            if (Files.size(file) > CheckParser.MAX_FILE_CHARS * 4L) {
                return invalid(new Problem(shown, 0, 0, "", "the file is " + Files.size(file) + " bytes; a check"
                        + " file may have at most " + CheckParser.MAX_FILE_CHARS + " characters"));
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return invalid(new Problem(shown, 0, 0, "", "the file is not UTF-8 text"));
        } catch (IOException e) {
            return invalid(new Problem(shown, 0, 0, "", "cannot read the file: " + e.getMessage()));
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        Map<String, byte[]> files = new TreeMap<>();
        FileResolver onDisk = FileResolver.directory(folder);
        FileResolver recording = new FileResolver() {
            @Override
            public byte[] read(String relativePath) throws IOException {
                byte[] bytes = onDisk.read(relativePath);
                files.put(relativePath, bytes);
                uploaded.add(folder.resolve(relativePath).normalize());
                return bytes;
            }

            @Override
            public String describe(String relativePath) {
                return onDisk.describe(relativePath);
            }
        };
        try {
            Check check = language.parse(new Check.Source(shown, text, CheckLanguage.formatOf(shown)), recording);
            return new Parsed(new LocalCheck(check.name(), relative, shown, text, files), List.of());
        } catch (InvalidCheckException e) {
            return new Parsed(null, e.problems());
        }
    }

    private static Parsed invalid(Problem problem) {
        return new Parsed(null, List.of(problem));
    }

    /** The file's path under the directory, '/'-separated. */
    static String relative(Path dir, Path file) {
        Path r = dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        r.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }
}
