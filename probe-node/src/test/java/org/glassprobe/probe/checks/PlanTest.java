package org.glassprobe.probe.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.model.MediaTypes;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static LocalCheck local(String name, String text, Map<String, byte[]> files) {
        return new LocalCheck(name, name + ".yaml", "dir/" + name + ".yaml", text, files);
    }

    private static RemoteCheck remote(String name, String owner, String text, Map<String, byte[]> files) {
        Map<String, RemoteCheck.RemoteFile> described = new java.util.TreeMap<>();
        files.forEach((p, b) -> described.put(p, new RemoteCheck.RemoteFile(p, b.length, MediaTypes.sha256(b), null)));
        return new RemoteCheck(name, owner, name + ".yaml", text, "v", described);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void creates_changes_deletes_only_the_owners_own_and_counts_the_unchanged() {
        List<LocalCheck> dir = List.of(local("new", "a", Map.of()), local("edited", "b2", Map.of()),
                local("same", "c", Map.of("img.png", bytes("x"))));
        List<RemoteCheck> api = List.of(remote("edited", "web", "b1", Map.of()),
                remote("same", "web", "c", Map.of("img.png", bytes("x"))),
                remote("gone", "web", "d", Map.of()), remote("by-hand", null, "e", Map.of()),
                remote("theirs", "shop", "f", Map.of()));

        Plan plan = Plan.of(dir, api, "web", false);

        assertThat(plan.creates()).extracting(LocalCheck::name).containsExactly("new");
        assertThat(plan.changes()).extracting(c -> c.local().name()).containsExactly("edited");
        assertThat(plan.deletes()).as("never a check of another owner or made by hand")
                .extracting(RemoteCheck::name).containsExactly("gone");
        assertThat(plan.unchanged()).extracting(LocalCheck::name).containsExactly("same");
        assertThat(plan.conflicts()).isEmpty();
        assertThat(plan.hasChanges()).isTrue();
        assertThat(plan.summary()).isEqualTo("Plan: 1 to create, 1 to change, 1 to delete, 1 unchanged.");
    }

    @Test
    void a_changed_upload_file_or_file_name_is_a_change_even_when_the_text_is_the_same() {
        Plan file = Plan.of(List.of(local("c", "t", Map.of("img.png", bytes("new")))),
                List.of(remote("c", "web", "t", Map.of("img.png", bytes("old")))), "web", false);
        assertThat(file.changes()).hasSize(1);
        assertThat(file.changes().get(0).contentChanged()).isTrue();

        LocalCheck moved = new LocalCheck("c", "team/c.yaml", "dir/team/c.yaml", "t", Map.of());
        Plan renamed = Plan.of(List.of(moved), List.of(remote("c", "web", "t", Map.of())), "web", false);
        assertThat(renamed.changes()).hasSize(1);
    }

    @Test
    void a_name_held_by_hand_or_by_another_owner_is_a_conflict_unless_adopted() {
        List<LocalCheck> dir = List.of(local("by-hand", "e", Map.of()), local("theirs", "other text", Map.of()));
        List<RemoteCheck> api = List.of(remote("by-hand", null, "e", Map.of()), remote("theirs", "shop", "f", Map.of()));

        Plan refused = Plan.of(dir, api, "web", false);
        assertThat(refused.conflicts()).extracting(Plan.Conflict::owner).containsExactly(null, "shop");
        assertThat(refused.hasChanges()).isFalse();

        Plan adopted = Plan.of(dir, api, "web", true);
        assertThat(adopted.conflicts()).isEmpty();
        assertThat(adopted.changes()).allMatch(Plan.Change::adopt);
        assertThat(adopted.changes()).extracting(Plan.Change::contentChanged).containsExactly(false, true);
        assertThat(adopted.deletes()).isEmpty();
    }

    @Test
    void nothing_to_do_when_the_api_holds_exactly_the_directory() {
        Plan plan = Plan.of(List.of(local("a", "t", Map.of())), List.of(remote("a", "web", "t", Map.of())), "web", false);
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.summary()).isEqualTo("Plan: 0 to create, 0 to change, 0 to delete, 1 unchanged.");
    }
}
