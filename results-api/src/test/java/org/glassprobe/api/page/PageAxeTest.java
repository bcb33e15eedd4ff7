package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.LoadState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * axe-core, as our users run it, on the uptime page in Debian's Chromium: the overview, a check's
 * page (with a failure and its screenshot, with an outage, named as markup) and the page of an
 * unknown check, at a phone's and a desktop's size, in the light and the dark palette, must break
 * none of the WCAG 2.0, 2.1 and 2.2 A and AA rules. axe-core is npm's, pinned and installed by
 * {@code deploy/setup-debian} into {@code deploy/.npm/} (or named by {@code -Dglassprobe.axe=FILE});
 * without it each test is reported skipped and says so.
 */
class PageAxeTest {
    /** The rule tags our users' audits run: WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
    static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final Path INSTALLED = Path.of("deploy", ".npm", "node_modules", "axe-core", "axe.min.js");

    @TempDir
    static Path dir;
    static TestApi api;
    static Playwright playwright;
    static Browser browser;
    static String axe;

    BrowserContext context;
    Page page;

    @BeforeAll
    static void start() throws IOException {
        Path file = axeScript();
        if (file == null || !Files.isRegularFile(file)) {
            return; // each test says it is skipped, and why: an aborted class would be counted as no test
        }
        axe = Files.readString(file, StandardCharsets.UTF_8);
        api = PageFixture.feed(dir);
        playwright = PageFixture.playwright();
        browser = PageFixture.chromium(playwright);
    }

    /** {@code -Dglassprobe.axe}, else the installed copy in the first directory up that is the repository. */
    private static Path axeScript() {
        String named = System.getProperty("glassprobe.axe");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("deploy/setup-debian"))) {
                return d.resolve(INSTALLED);
            }
        }
        return null;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void openContext() {
        Assumptions.assumeTrue(axe != null, "needs npm's axe-core at " + INSTALLED
                + " in the repository (or -Dglassprobe.axe=FILE): run deploy/setup-debian");
        // the page's policy allows only its own script; axe is the auditor's, injected inline, so the
        // browser is told to let it run, as an audit extension would be
        context = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true));
        context.setDefaultTimeout(30_000);
        page = context.newPage();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    /** Every page kind at a phone's and a desktop's size, in the light and the dark palette. */
    static Stream<Arguments> pages() {
        List<Arguments> all = new ArrayList<>();
        for (int[] size : new int[][] {{390, 844}, {1280, 800}}) {
            for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
                for (String path : List.of("/", "/checks/journey", "/checks/site", "/checks/propagation",
                        Fmt.checkPath(PageFixture.XSS))) {
                    all.add(Arguments.of(size[0], size[1], scheme, path, 200));
                }
                all.add(Arguments.of(size[0], size[1], scheme, "/checks/nope", 404));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}x{1} {2} {3}")
    @MethodSource("pages")
    void axe_finds_no_wcag_a_or_aa_violation(int width, int height, ColorScheme scheme, String path, int status) {
        page.setViewportSize(width, height);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
        assertThat(page.navigate(api.base + path).status()).as(path).isEqualTo(status);
        page.waitForLoadState(LoadState.NETWORKIDLE);
        page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
        String json = (String) page.evaluate("async tags => {"
                + " const r = await axe.run(document,"
                + "  {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});"
                + " return JSON.stringify({version: axe.version, passes: r.passes.length,"
                + "  violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,"
                + "  nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})),"
                + "  incomplete: r.incomplete.flatMap(v => v.nodes.map(n => v.id + ' ' + n.target.join(' ') + ': '"
                + "   + n.any.concat(n.all, n.none).map(c => c.message).join('; ')))});"
                + "}", TAGS);
        JsonNode result;
        try {
            result = TestApi.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("axe answered what is not JSON: " + json, e);
        }
        String version = result.get("version").asText();
        if (!result.get("incomplete").isEmpty()) {
            // what axe could not decide alone (such as contrast over a gradient) is for a person to review
            System.out.println("axe " + version + " on " + path + " at " + width + "x" + height + ", " + scheme
                    + ": to review by eye: " + result.get("incomplete"));
        }
        assertThat(result.get("passes").asInt()).as("axe " + version + " ran its rules").isPositive();
        assertThat(describe(result.get("violations"))).as("axe " + version + " on " + path + " at " + width + "x"
                + height + ", " + scheme.name().toLowerCase(Locale.ROOT) + " (" + String.join(", ", TAGS)
                + "): violations").isEmpty();
    }

    /** Each violation with what a person needs to fix it: the rule, its impact, its help and the nodes. */
    private static String describe(JsonNode violations) {
        StringBuilder out = new StringBuilder();
        for (JsonNode v : violations) {
            out.append("- ").append(v.get("id").asText()).append(" (").append(v.get("impact").asText()).append("): ")
                    .append(v.get("help").asText()).append(" <").append(v.get("helpUrl").asText()).append(">\n");
            for (JsonNode n : v.get("nodes")) {
                out.append("    ").append(n.get("target").asText()).append("\n      ")
                        .append(n.get("summary").asText().replace("\n", "\n      ")).append("\n");
            }
        }
        return out.toString();
    }
}
