package org.glassprobe.probe.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.glassprobe.scenarios.model.MediaTypes;
import org.junit.jupiter.api.Test;

class PlanPrinterTest {
    private static final byte[] OLD_PNG = "old".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW_PNG = "newer".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_change_shows_a_unified_diff_of_the_file_and_its_files_by_path_digest_and_size() {
        LocalCheck local = new LocalCheck("site", "site.yaml", "checks/site.yaml",
                "name: site\nkind: ping\ninterval: 1m\n", Map.of("a.png", NEW_PNG, "b.png", NEW_PNG));
        RemoteCheck remote = new RemoteCheck("site", "web", "site.yaml", "name: site\nkind: ping\ninterval: 30s\n", "v",
                Map.of("a.png", new RemoteCheck.RemoteFile("a.png", 3, MediaTypes.sha256(OLD_PNG), null),
                        "c.png", new RemoteCheck.RemoteFile("c.png", 3, MediaTypes.sha256(OLD_PNG), null)));
        List<String> lines = PlanPrinter.lines(Plan.of(List.of(local), List.of(remote), "web", false));

        assertThat(lines).containsExactly(
                "~ change site (checks/site.yaml)",
                "    --- api/site (site.yaml)",
                "    +++ checks/site.yaml",
                "    @@ -1,3 +1,3 @@",
                "     name: site",
                "     kind: ping",
                "    -interval: 30s",
                "    +interval: 1m",
                "    ~ file a.png (sha256 " + MediaTypes.sha256(OLD_PNG).substring(0, 12) + " -> "
                        + MediaTypes.sha256(NEW_PNG).substring(0, 12) + ", 3 -> 5 bytes)",
                "    + file b.png (sha256 " + MediaTypes.sha256(NEW_PNG).substring(0, 12) + ", 5 bytes)",
                "    - file c.png (sha256 " + MediaTypes.sha256(OLD_PNG).substring(0, 12) + ", 3 bytes)");
    }

    @Test
    void creates_adoptions_deletes_and_conflicts_each_say_what_and_where() {
        LocalCheck created = new LocalCheck("new", "new.yaml", "d/new.yaml", "name: new\n", Map.of());
        LocalCheck adopted = new LocalCheck("hand", "hand.yaml", "d/hand.yaml", "name: hand\n", Map.of());
        LocalCheck moved = new LocalCheck("moved", "team/moved.yaml", "d/team/moved.yaml", "name: moved\n", Map.of());
        LocalCheck theirs = new LocalCheck("theirs", "theirs.yaml", "d/theirs.yaml", "name: theirs\n", Map.of());
        List<RemoteCheck> api = List.of(
                new RemoteCheck("hand", null, "hand.yaml", "name: hand\n", "v", Map.of()),
                new RemoteCheck("moved", "web", "moved.yaml", "name: moved\n", "v", Map.of()),
                new RemoteCheck("old", "web", "old.yaml", null, "v", Map.of()),
                new RemoteCheck("theirs", "shop", "theirs.yaml", "name: theirs\n", "v", Map.of()));

        Plan plan = Plan.of(List.of(created, adopted, moved), api, "web", true);
        assertThat(PlanPrinter.lines(plan)).containsExactly(
                "+ create new (d/new.yaml)",
                "~ adopt hand (d/hand.yaml)",
                "    owner: none (made by hand) -> web",
                "    no change to the check file or its files",
                "~ change moved (d/team/moved.yaml)",
                "    file name: moved.yaml -> team/moved.yaml",
                "- delete old (old.yaml; no longer in the directory)");

        Plan conflict = Plan.of(List.of(theirs), api, "web", false);
        assertThat(PlanPrinter.lines(conflict)).last().isEqualTo("! conflict theirs (d/theirs.yaml): the API's check"
                + " \"theirs\" is owned by \"shop\"; rename the check in d/theirs.yaml, or run with --adopt to take"
                + " it over");
    }

    @Test
    void a_lost_newline_at_the_end_shows_in_the_diff() {
        assertThat(PlanPrinter.diff("a\nb\n", "a\nb", "x", "y")).contains("-b", "+b (no newline at end of file)");
        assertThat(PlanPrinter.diff("a\n", "a\n", "x", "y")).isEmpty();
    }
}
