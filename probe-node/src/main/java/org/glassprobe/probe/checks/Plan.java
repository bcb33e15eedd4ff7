package org.glassprobe.probe.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glassprobe.scenarios.model.MediaTypes;

/**
 * What it takes to make the API hold exactly a directory's checks for one owner: checks to create,
 * to change (their file, their files, or their owner when adopted), to delete (only the owner's own
 * that the directory no longer has), those unchanged, and conflicts: a check of the directory whose
 * name the API holds for another owner or for none (made by hand), not to be taken without adopt.
 */
public record Plan(String owner, List<LocalCheck> creates, List<Change> changes, List<RemoteCheck> deletes,
        List<LocalCheck> unchanged, List<Conflict> conflicts) {
    public Plan {
        creates = List.copyOf(creates);
        changes = List.copyOf(changes);
        deletes = List.copyOf(deletes);
        unchanged = List.copyOf(unchanged);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * A check the directory and the API both have that differs.
     *
     * @param adopt the API's check has another owner or none, and is taken over
     */
    public record Change(LocalCheck local, RemoteCheck remote, boolean adopt) {
        /** Whether the check file, its name or its files differ (not only the owner). */
        public boolean contentChanged() {
            return !sameContent(local, remote);
        }
    }

    /** A check of the directory that the API holds for another owner, or for none ({@code owner} null). */
    public record Conflict(LocalCheck local, String owner) {}

    /**
     * @param local  the directory's checks
     * @param remote every check the API holds; those the directory also names with their text
     * @param owner  the owner applying
     * @param adopt  take over the conflicting checks instead of refusing
     */
    public static Plan of(List<LocalCheck> local, List<RemoteCheck> remote, String owner, boolean adopt) {
        Map<String, RemoteCheck> byName = remote.stream()
                .collect(Collectors.toMap(RemoteCheck::name, Function.identity(), (a, b) -> a, TreeMap::new));
        List<LocalCheck> creates = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<LocalCheck> unchanged = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        List<LocalCheck> sorted = new ArrayList<>(local);
        sorted.sort(java.util.Comparator.comparing(LocalCheck::name));
        for (LocalCheck check : sorted) {
            RemoteCheck there = byName.get(check.name());
            if (there == null) {
                creates.add(check);
            } else if (!owner.equals(there.owner())) {
                if (adopt) {
                    changes.add(new Change(check, there, true));
                } else {
                    conflicts.add(new Conflict(check, there.owner()));
                }
            } else if (sameContent(check, there)) {
                unchanged.add(check);
            } else {
                changes.add(new Change(check, there, false));
            }
        }
        List<String> names = local.stream().map(LocalCheck::name).toList();
        List<RemoteCheck> deletes = byName.values().stream()
                .filter(r -> owner.equals(r.owner()) && !names.contains(r.name())).toList();
        return new Plan(owner, creates, changes, deletes, unchanged, conflicts);
    }

    /** Whether anything would change on the API. */
    public boolean hasChanges() {
        return !creates.isEmpty() || !changes.isEmpty() || !deletes.isEmpty();
    }

    /** {@code Plan: 1 to create, 1 to change, 1 to delete, 2 unchanged.} */
    public String summary() {
        return "Plan: " + creates.size() + " to create, " + changes.size() + " to change, " + deletes.size()
                + " to delete, " + unchanged.size() + " unchanged.";
    }

    static boolean sameContent(LocalCheck local, RemoteCheck remote) {
        if (!local.text().equals(remote.text()) || !local.file().equals(remote.sourceFile())) {
            return false;
        }
        Map<String, String> mine = new TreeMap<>();
        local.files().forEach((path, bytes) -> mine.put(path, MediaTypes.sha256(bytes)));
        Map<String, String> theirs = new TreeMap<>();
        remote.files().forEach((path, f) -> theirs.put(path, f.sha256()));
        return Objects.equals(mine, theirs);
    }
}
