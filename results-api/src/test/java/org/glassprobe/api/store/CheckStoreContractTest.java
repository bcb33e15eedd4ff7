package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.check;
import static org.glassprobe.api.store.StoreFixtures.file;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.glassprobe.api.checks.CheckFile;
import org.glassprobe.api.checks.CheckStore;
import org.glassprobe.api.checks.CheckStore.PutOutcome;
import org.glassprobe.api.checks.StoredCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link CheckStore} promises, on H2 and on PostgreSQL. */
class CheckStoreContractTest extends StoreDatabases {
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void put_creates_leaves_the_same_version_unchanged_and_replaces_another_version(String database) throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        StoredCheck first = check("site", List.of("eu-west", "us-east"), "name: site\n",
                List.of(file("data/a.txt", bytes("a"))), T0);
        StoredCheck second = check("site", List.of(), "name: site\ninterval: 1m\n",
                List.of(file("data/b.txt", bytes("bb"))), T0.plusSeconds(60));

        assertThat(checks.put(first, null, 10)).isEqualTo(PutOutcome.CREATED);
        assertThat(checks.put(first, null, 10)).isEqualTo(PutOutcome.UNCHANGED);
        assertThat(checks.put(second, null, 10)).isEqualTo(PutOutcome.REPLACED);

        StoredCheck found = checks.find("site").orElseThrow();
        assertThat(found.version()).isEqualTo(second.version());
        assertThat(found.sourceText()).isEqualTo(second.sourceText());
        assertThat(found.regions()).as("empty: every region").isEmpty();
        assertThat(found.files()).as("the old version's files are gone").containsExactlyElementsOf(second.files());
        assertThat(found.createdAt()).as("created when first put").isEqualTo(T0);
        assertThat(found.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(checks.list()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void put_refuses_a_new_check_at_the_limit_but_still_replaces_one(String database) throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        assertThat(checks.put(check("a"), null, 1)).isEqualTo(PutOutcome.CREATED);

        assertThat(checks.put(check("b"), null, 1)).isEqualTo(PutOutcome.TOO_MANY);
        assertThat(checks.find("b")).isEmpty();
        StoredCheck changed = check("a", List.of("eu-west"), "name: a\ntimeout: 2s\n", List.of(), T0.plusSeconds(1));
        assertThat(checks.put(changed, null, 1)).isEqualTo(PutOutcome.REPLACED);
        assertThat(checks.find("a").orElseThrow().regions()).containsExactly("eu-west");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void assignments_name_each_named_check_s_regions_and_last_change_and_leave_out_unknown_names(String database)
            throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        checks.put(check("site", List.of("eu-west", "us-east"), "name: site\n", List.of(), T0), null, 10);
        checks.put(check("everywhere"), null, 10);
        checks.put(check("not-asked"), null, 10);
        checks.put(check("site", List.of("us-east"), "name: site\nregions: [us-east]\n", List.of(),
                T0.plusSeconds(60)), null, 10);

        assertThat(checks.assignments(List.of("site", "everywhere", "gone")))
                .containsOnlyKeys("site", "everywhere")
                .as("moved away from eu-west a minute later")
                .containsEntry("site", new CheckStore.Assignment(List.of("us-east"), List.of("eu-west", "us-east"),
                        T0.plusSeconds(60)))
                .as("empty: every region").containsEntry("everywhere", new CheckStore.Assignment(List.of()));
        CheckStore.Assignment site = checks.assignments(List.of("site")).get("site");
        assertThat(site.runsIn("eu-west")).isFalse();
        assertThat(site.ranIn("eu-west")).isTrue();
        assertThat(site.ranIn("ap-south")).isFalse();
        assertThat(checks.assignments(List.of("everywhere")).get("everywhere").runsIn("eu-west")).isTrue();

        checks.put(check("site", List.of("us-east"), "name: site\nregions: [us-east]\ninterval: 1m\n", List.of(),
                T0.plusSeconds(120)), null, 10);
        assertThat(checks.assignments(List.of("site")).get("site")).as("a change that keeps the regions keeps"
                + " the last move").isEqualTo(site);
        assertThat(checks.assignments(List.of())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void find_reads_one_check_with_its_text_and_every_field(String database) throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        StoredCheck site = check("site", List.of("eu-west", "us-east"), "name: site\nkind: http\n",
                List.of(file("data/x.bin", bytes("x"))), T0);
        checks.put(site, null, 10);
        checks.put(check("other"), null, 10);

        StoredCheck found = checks.find("site").orElseThrow();
        assertThat(found.name()).isEqualTo("site");
        assertThat(found.kind()).isEqualTo(site.kind());
        assertThat(found.interval()).isEqualTo(site.interval());
        assertThat(found.timeout()).isEqualTo(site.timeout());
        assertThat(found.retries()).isEqualTo(site.retries());
        assertThat(found.regions()).containsExactly("eu-west", "us-east");
        assertThat(found.sourceFile()).isEqualTo("site.yaml");
        assertThat(found.sourceText()).isEqualTo(site.sourceText());
        assertThat(found.version()).isEqualTo(site.version());
        assertThat(found.files()).containsExactlyElementsOf(site.files());
        assertThat(checks.find("nowhere")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void list_describes_every_check_by_name_and_listWithContent_brings_text_and_whole_files(String database)
            throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        collateByLanguage("checks", "name"); // where it would sort "alpha" before "Zeta"
        byte[] big = new byte[JdbcCheckStore.PART_CHARS]; // larger than one stored part once in base64
        new Random(7).nextBytes(big);
        CheckFile large = file("data/big.bin", big);
        CheckFile small = file("data/small.txt", bytes("small"));
        // mixed case and punctuation: "by name" must be the same order on every database
        checks.put(check("beta_1", List.of(), "name: beta_1\n", List.of(large, small), T0), null, 10);
        checks.put(check("Zeta"), null, 10);
        checks.put(check("alpha"), null, 10);
        checks.put(check("beta-2"), null, 10);

        List<StoredCheck> described = checks.list();
        assertThat(described).extracting(StoredCheck::name).containsExactly("Zeta", "alpha", "beta-2", "beta_1");
        assertThat(described).extracting(StoredCheck::sourceText).containsOnlyNulls();
        StoredCheck withFiles = described.get(3);
        assertThat(withFiles.files()).extracting(CheckFile::path).containsExactly("data/big.bin", "data/small.txt");
        assertThat(withFiles.files()).extracting(CheckFile::size).containsExactly((long) big.length, 5L);
        assertThat(withFiles.files()).extracting(CheckFile::sha256).containsExactly(large.sha256(), small.sha256());
        assertThat(withFiles.files()).extracting(CheckFile::bytes).containsOnlyNulls();

        List<StoredCheck> full = checks.listWithContent();
        assertThat(full).extracting(StoredCheck::name).containsExactly("Zeta", "alpha", "beta-2", "beta_1");
        assertThat(full.get(1).sourceText()).isEqualTo(check("alpha").sourceText());
        assertThat(full.get(3).files()).extracting(CheckFile::bytes).containsExactly(big, bytes("small"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void delete_removes_the_check_with_its_files_and_says_whether_there_was_one(String database) throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        checks.put(check("site", List.of(), "name: site\n", List.of(file("data/a.txt", bytes("a"))), T0), null, 10);
        checks.put(check("kept"), null, 10);

        assertThat(checks.delete("site")).isTrue();
        assertThat(checks.find("site")).isEmpty();
        assertThat(checks.listWithContent()).extracting(StoredCheck::name).containsExactly("kept");
        assertThat(checks.delete("site")).isFalse();
        assertThat(checks.put(check("site"), null, 10)).as("the name is free again").isEqualTo(PutOutcome.CREATED);
        assertThat(checks.find("site").orElseThrow().files()).as("no file of the deleted check comes back").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void put_stores_the_owner_and_the_same_version_with_another_owner_changes_only_the_owner(String database)
            throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        StoredCheck byHand = check("site", List.of(), "name: site\n", List.of(file("data/a.txt", bytes("a"))), T0);
        assertThat(checks.put(byHand, null, 10)).isEqualTo(PutOutcome.CREATED);
        assertThat(checks.find("site").orElseThrow().owner()).as("made by hand").isNull();

        StoredCheck adopted = byHand.withOwner("team-a");
        assertThat(checks.put(adopted, null, 10)).as("same version, new owner").isEqualTo(PutOutcome.REPLACED);
        assertThat(checks.put(adopted, null, 10)).isEqualTo(PutOutcome.UNCHANGED);
        StoredCheck found = checks.find("site").orElseThrow();
        assertThat(found.owner()).isEqualTo("team-a");
        assertThat(found.version()).isEqualTo(byHand.version());
        assertThat(found.files()).containsExactlyElementsOf(byHand.files());
        assertThat(checks.list()).extracting(StoredCheck::owner).containsExactly("team-a");
        assertThat(checks.listWithContent()).extracting(StoredCheck::owner).containsExactly("team-a");

        StoredCheck changed = check("site", List.of(), "name: site\ninterval: 1m\n", List.of(), T0.plusSeconds(1))
                .withOwner("team-b");
        assertThat(checks.put(changed, null, 10)).isEqualTo(PutOutcome.REPLACED);
        assertThat(checks.find("site").orElseThrow().owner()).isEqualTo("team-b");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void findWithContent_brings_one_check_s_files_whole_and_find_leaves_them_out(String database) throws Exception {
        CheckStore checks = new JdbcCheckStore(open(database));
        byte[] big = new byte[JdbcCheckStore.PART_CHARS];
        new Random(11).nextBytes(big);
        checks.put(check("site", List.of(), "name: site\n", List.of(file("data/big.bin", big),
                file("data/small.txt", bytes("small"))), T0).withOwner("team-a"), null, 10);
        checks.put(check("other", List.of(), "name: other\n", List.of(file("x.txt", bytes("x"))), T0), null, 10);

        StoredCheck full = checks.findWithContent("site").orElseThrow();
        assertThat(full.sourceText()).isEqualTo("name: site\n");
        assertThat(full.owner()).isEqualTo("team-a");
        assertThat(full.files()).extracting(CheckFile::bytes).containsExactly(big, bytes("small"));
        assertThat(checks.find("site").orElseThrow().files()).extracting(CheckFile::bytes).containsOnlyNulls();
        assertThat(checks.findWithContent("nowhere")).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
