package org.glassprobe.probe.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code checks pull} writes: each check's file under its stored file name, and its upload
 * files relative to it. Everything is worked out (and every problem found) before anything is
 * written, so a refused pull leaves the directory as it was.
 */
public final class Pull {
    private static final int MAX_PATH = 500;

    /** One file to write, relative to the directory ('/'-separated), and which check it belongs to. */
    public record Output(String path, byte[] content, String check) {}

    /** The files to write, or the problems that stop the pull. */
    public record Outputs(List<Output> files, List<String> problems) {
        public Outputs {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }

    private Pull() {}

    /** The files the checks (read with their files' content) make, and every clash among them. */
    public static Outputs of(List<RemoteCheck> checks) {
        Map<String, Output> byPath = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (RemoteCheck check : checks) {
            String file = check.sourceFile();
            if (!safe(file)) {
                problems.add("check \"" + check.name() + "\": its file name \"" + file + "\" is not a relative path"
                        + " inside the directory; push it again with a plain file name (e.g. " + check.name()
                        + ".yaml)");
                continue;
            }
            add(byPath, problems, new Output(file, check.text().getBytes(StandardCharsets.UTF_8), check.name()));
            String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
            for (RemoteCheck.RemoteFile f : check.files().values()) {
                String path = folder + f.path();
                if (!safe(path)) {
                    problems.add("check \"" + check.name() + "\": its file \"" + f.path() + "\" is not a relative"
                            + " path inside the directory");
                    continue;
                }
                add(byPath, problems, new Output(path, f.content(), check.name()));
            }
        }
        return problems.isEmpty() ? new Outputs(List.copyOf(byPath.values()), List.of())
                : new Outputs(List.of(), problems);
    }

    private static void add(Map<String, Output> byPath, List<String> problems, Output output) {
        Output other = byPath.putIfAbsent(output.path(), output);
        if (other == null) {
            return;
        }
        boolean bothUploads = !isCheckFile(other) && !isCheckFile(output);
        if (bothUploads && Arrays.equals(other.content(), output.content())) {
            return; // the same upload file, shared by two checks
        }
        problems.add(output.path() + ": both check \"" + other.check() + "\" and check \"" + output.check()
                + "\" would write this file, with different content; rename one check's file (push it again"
                + " under another file name) or pull them into different directories with --owner");
    }

    private static boolean isCheckFile(Output output) {
        String p = output.path().toLowerCase(java.util.Locale.ROOT);
        return p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".java");
    }

    /** Relative, '/'-separated, no '.', '..' or empty segment, no backslash or control character. */
    static boolean safe(String path) {
        return path != null && !path.isEmpty() && path.length() <= MAX_PATH && !path.startsWith("/")
                && !path.contains("\\") && path.chars().noneMatch(Character::isISOControl)
                && Arrays.stream(path.split("/", -1)).noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
    }

    /** Files that exist with other content, which only --force overwrites. */
    public static List<String> clashes(Path dir, List<Output> files) throws IOException {
        List<String> clashes = new ArrayList<>();
        for (Output f : files) {
            Path target = dir.resolve(f.path());
            if (Files.isDirectory(target)) {
                clashes.add(target + " is a directory");
            } else if (Files.exists(target) && !Arrays.equals(Files.readAllBytes(target), f.content())) {
                clashes.add(target + " exists with other content");
            }
        }
        return clashes;
    }

    /** Writes the files; returns, in order, whether each was new, changed or already so. */
    public static Map<Output, String> write(Path dir, List<Output> files) throws IOException {
        Map<Output, String> done = new LinkedHashMap<>();
        for (Output f : files) {
            Path target = dir.resolve(f.path());
            if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), f.content())) {
                done.put(f, "unchanged");
                continue;
            }
            String what = Files.exists(target) ? "overwrote" : "wrote";
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), ".pull-", ".tmp");
            Files.write(temporary, f.content());
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            done.put(f, what);
        }
        return done;
    }
}
