package org.glassprobe.probe.checks;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.glassprobe.scenarios.model.MediaTypes;

/**
 * Writes a {@link Plan} for people: each check to create, change (a unified diff of its file, its
 * files added, changed and removed by path with SHA-256 and size, a new file name, a new owner) or
 * delete, each conflict with who owns the check, then the summary line.
 */
public final class PlanPrinter {
    private static final int CONTEXT_LINES = 3;
    private static final String INDENT = "    ";

    private PlanPrinter() {}

    /** The plan as lines, without the summary. */
    public static List<String> lines(Plan plan) {
        List<String> out = new ArrayList<>();
        for (LocalCheck c : plan.creates()) {
            out.add("+ create " + c.name() + " (" + c.shown() + ")");
            c.files().forEach((path, bytes) -> out.add(INDENT + "+ file " + path + " (" + describe(
                    MediaTypes.sha256(bytes), bytes.length) + ")"));
        }
        for (Plan.Change change : plan.changes()) {
            LocalCheck local = change.local();
            RemoteCheck remote = change.remote();
            out.add("~ " + (change.adopt() ? "adopt" : "change") + " " + local.name() + " (" + local.shown() + ")");
            if (change.adopt()) {
                out.add(INDENT + "owner: " + ownerOf(remote.owner()) + " -> " + plan.owner());
            }
            if (!change.contentChanged()) {
                out.add(INDENT + "no change to the check file or its files");
                continue;
            }
            if (!local.file().equals(remote.sourceFile())) {
                out.add(INDENT + "file name: " + remote.sourceFile() + " -> " + local.file());
            }
            for (String line : diff(remote.text(), local.text(), "api/" + local.name() + " (" + remote.sourceFile()
                    + ")", local.shown())) {
                out.add(INDENT + line);
            }
            out.addAll(fileChanges(local, remote));
        }
        for (RemoteCheck r : plan.deletes()) {
            out.add("- delete " + r.name() + " (" + r.sourceFile() + "; no longer in the directory)");
        }
        for (Plan.Conflict conflict : plan.conflicts()) {
            out.add("! conflict " + conflict.local().name() + " (" + conflict.local().shown() + "): " + conflictText(
                    conflict));
        }
        return out;
    }

    /** Why a check of the directory cannot be applied, and how to go on. */
    public static String conflictText(Plan.Conflict conflict) {
        return "the API's check \"" + conflict.local().name() + "\" " + (conflict.owner() == null
                ? "was made by hand (it has no owner)" : "is owned by \"" + conflict.owner() + "\"")
                + "; rename the check in " + conflict.local().shown() + ", or run with --adopt to take it over";
    }

    /** A unified diff of two texts, with three lines of context; empty when they are equal. */
    static List<String> diff(String before, String after, String beforeName, String afterName) {
        List<String> a = lines(before == null ? "" : before);
        List<String> b = lines(after);
        Patch<String> patch = DiffUtils.diff(a, b);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff(beforeName, afterName, a, patch, CONTEXT_LINES);
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the newline that ends the last line starts no line
        } else if (!text.isEmpty()) {
            lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " (no newline at end of file)");
        }
        return lines;
    }

    private static List<String> fileChanges(LocalCheck local, RemoteCheck remote) {
        List<String> out = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(local.files().keySet());
        paths.addAll(remote.files().keySet());
        for (String path : paths) {
            byte[] mine = local.files().get(path);
            RemoteCheck.RemoteFile theirs = remote.files().get(path);
            if (theirs == null) {
                out.add(INDENT + "+ file " + path + " (" + describe(MediaTypes.sha256(mine), mine.length) + ")");
            } else if (mine == null) {
                out.add(INDENT + "- file " + path + " (" + describe(theirs.sha256(), theirs.size()) + ")");
            } else {
                String sha = MediaTypes.sha256(mine);
                if (!sha.equals(theirs.sha256())) {
                    out.add(INDENT + "~ file " + path + " (sha256 " + shortSha(theirs.sha256()) + " -> "
                            + shortSha(sha) + ", " + theirs.size() + " -> " + mine.length + " bytes)");
                }
            }
        }
        return out;
    }

    static String ownerOf(String owner) {
        return owner == null ? "none (made by hand)" : owner;
    }

    private static String describe(String sha256, long size) {
        return "sha256 " + shortSha(sha256) + ", " + size + " bytes";
    }

    private static String shortSha(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}
