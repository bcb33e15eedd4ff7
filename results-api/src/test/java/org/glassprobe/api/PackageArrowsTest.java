package org.glassprobe.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The results API's package arrows, read from its compiled classes by the JDK's {@code jdeps}
 * (so fully qualified names in code count as much as imports): no two packages depend on each
 * other, features reach storage only through their own interfaces, and Playwright is never loaded.
 */
class PackageArrowsTest {
    private static final String API = "org.glassprobe.api";
    private static final Set<String> ARROWS = new TreeSet<>();
    private static final Set<String> EXTERNAL = new TreeSet<>();

    @BeforeAll
    static void readArrows() {
        Path classes = Path.of("target", "classes");
        assertThat(Files.isDirectory(classes.resolve("org/glassprobe/api")))
                .as("compiled classes in " + classes.toAbsolutePath()).isTrue();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError(
                "this JDK has no jdeps tool; run the tests on a full JDK 17"));
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                classes.toString());
        assertThat(code).as(out.toString()).isZero();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith(API)) {
                if (f[2].startsWith(API + ".") || f[2].equals(API)) {
                    if (!f[0].equals(f[2])) {
                        ARROWS.add(f[0] + " -> " + f[2]);
                    }
                } else {
                    EXTERNAL.add(f[0] + " -> " + f[2]);
                }
            }
        }
        assertThat(ARROWS).as("jdeps found the API's own package arrows").isNotEmpty();
    }

    @Test
    void no_two_packages_depend_on_each_other() {
        List<String> twoWay = new ArrayList<>();
        for (String arrow : ARROWS) {
            String[] ends = arrow.split(" -> ");
            if (ends[0].compareTo(ends[1]) < 0 && ARROWS.contains(ends[1] + " -> " + ends[0])) {
                twoWay.add(ends[0] + " <-> " + ends[1]);
            }
        }
        assertThat(twoWay).as("package pairs that depend both ways (move the shared type to the package"
                + " that owns it, or declare an interface in the feature that needs it)").isEmpty();
    }

    @Test
    void only_the_composition_root_and_the_store_know_the_jdbc_store() {
        assertThat(ARROWS.stream().filter(a -> a.endsWith(" -> " + API + ".store"))
                .map(a -> a.substring(0, a.indexOf(" -> "))))
                .as("features declare the storage they need in their own package; store/ implements it")
                .containsOnly(API);
    }

    @Test
    void nothing_in_the_api_loads_playwright() {
        assertThat(EXTERNAL).noneMatch(a -> a.contains("com.microsoft.playwright"));
    }
}
