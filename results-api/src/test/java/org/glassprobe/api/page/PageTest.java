package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The uptime page in Debian's Chromium through Playwright, against the real API started in this
 * JVM on an H2 file, fed with results posted over loopback HTTP by enrolled probes: an outage that
 * opened and resolved, a probe that fell silent, a failed browser run with its screenshot, and a
 * check whose name and error are markup. What the page shows is compared with what the API's own
 * routes answer ({@code /summary}, {@code /api/v1/outages}, {@code /api/v1/probes}); screenshots of
 * the pages are kept under {@code target/page-screenshots/}.
 */
class PageTest {
    private static final List<String> REGIONS = PageFixture.REGIONS;
    private static final String XSS = PageFixture.XSS;
    private static final String XSS_ERROR = PageFixture.XSS_ERROR;
    private static final Path SHOTS = Paths.get("target", "page-screenshots");

    @TempDir
    static Path dir;
    static TestApi api;
    static Playwright playwright;
    static Browser browser;

    BrowserContext context;
    Page page;
    final List<String> dialogs = new CopyOnWriteArrayList<>();
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        api = PageFixture.feed(dir);
        playwright = PageFixture.playwright();
        browser = PageFixture.chromium(playwright);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        api.close();
    }

    @BeforeEach
    void openContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.onDialog(d -> {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add(e));
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private static JsonNode summary(String check, String period) {
        TestApi.Answer a = api.get("/api/v1/checks/" + TestApi.segment(check) + "/summary?period=" + period, null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    /** A percentage as the page writes it, read back: null for "no data". */
    private static Double percentOnPage(String text) {
        String t = text.strip();
        return t.equals("no data") ? null : Double.valueOf(t.replace(" %", ""));
    }

    private static Double percentOf(JsonNode n) {
        return n == null || n.isNull() ? null : n.asDouble();
    }

    /** How many days a card's bars on the overview draw (one path per band, each saying how many days). */
    private static int days(Locator card) {
        Locator paths = card.locator("svg.bars path.bar");
        int days = 0;
        for (int i = 0; i < paths.count(); i++) {
            days += Integer.parseInt(paths.nth(i).getAttribute("data-days"));
        }
        return days;
    }

    private Locator card(String check) {
        Locator cards = page.locator("article.check");
        for (int i = 0; i < cards.count(); i++) {
            if (check.equals(cards.nth(i).getAttribute("data-check"))) {
                return cards.nth(i);
            }
        }
        throw new AssertionError("no card for check " + check + " on the page");
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path file = SHOTS.resolve(name);
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        assertThat(Files.size(file)).isGreaterThan(1000);
    }

    @Test
    void the_page_shows_every_check_with_the_state_and_uptime_the_api_reports() throws IOException {
        TestApi.Answer served = api.get("/", null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Security-Policy")).contains("script-src 'self'").contains("default-src 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("http");
        page.navigate(api.base + "/");

        JsonNode outages = api.get("/api/v1/outages", null).json();
        Map<String, String> states = new HashMap<>();
        outages.get("checks").forEach(c -> states.put(c.get("check").asText(),
                c.get("state").asText().replace('_', '-')));
        List<String> names = new ArrayList<>();
        api.get("/api/v1/checks", ADMIN).json().get("checks").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).contains("site", "api", "journey", XSS);
        assertThat(page.locator("article.check").count()).isEqualTo(names.size());
        assertThat(states.get("site")).as("the outage resolved").isEqualTo("operational");

        for (String name : names) {
            Locator card = card(name);
            Locator state = card.locator(".check-head .state");
            assertThat(state.getAttribute("data-state")).as(name).isEqualTo(states.getOrDefault(name, "unknown"));
            assertThat(state.locator(".word").textContent()).as(name).isNotBlank();
            assertThat(state.locator("svg.icon").count()).as("an icon besides the colour").isEqualTo(1);
            for (String period : StatusReport.PERIODS) {
                Double shown = percentOnPage(card.locator("dd[data-period=\"" + period + "\"]").textContent());
                assertThat(shown).as(name + " " + period).isEqualTo(percentOf(summary(name, period).get("overall")
                        .get("uptimePercent")));
            }
            assertThat(days(card)).as("91 daily bars").isEqualTo(91);
            assertThat(card.locator("figure.chart").count()).as("the charts are on the check's page only").isZero();
        }
        // 18 results of "site", 2 failed: the day's bar says so, and on the check's page its tooltip
        Locator site = card("site");
        assertThat(percentOnPage(site.locator("dd[data-period=\"24h\"]").textContent())).isEqualTo(88.889);
        assertThat(site.locator("svg.bars path.bar[data-band=\"major\"]").getAttribute("data-days")).isEqualTo("1");
        for (String region : REGIONS) {
            assertThat(site.locator("li.region[data-region=\"" + region + "\"] .state").getAttribute("data-state"))
                    .isEqualTo("operational");
        }
        assertThat(dialogs).isEmpty();
        assertThat(consoleErrors).as("no CSP violation, no script error").isEmpty();
        screenshot("overview-desktop.png");

        page.navigate(api.base + "/checks/site");
        Locator detail = page.locator("article.check[data-check=\"site\"]");
        assertThat(detail.locator("figure.chart[data-period=\"24h\"] svg.lines").count()).isEqualTo(1);
        assertThat(detail.locator("figure.chart[data-period=\"7d\"] svg.lines").count()).isEqualTo(1);
        assertThat(detail.locator("figure.chart[data-period=\"24h\"] path.line")).satisfies(lines ->
                assertThat(lines.count()).as("p50 and p95 in three regions").isEqualTo(6));
        assertThat(detail.locator("svg.bars rect.bar").count()).isEqualTo(91);
        assertThat(detail.locator("svg.bars rect.bar").last().getAttribute("data-band")).isEqualTo("major");
        assertThat(detail.locator("svg.bars rect.bar").last().locator("title").textContent())
                .isEqualTo("2026-03-02 (UTC): 88.889 % up, 2 failures in 18 runs");
    }

    @Test
    void the_page_shows_the_fleet_with_the_silent_probe_down() throws IOException {
        page.navigate(api.base + "/");
        JsonNode probes = api.get("/api/v1/probes", ADMIN).json().get("probes");
        assertThat(probes).hasSize(4);
        for (JsonNode p : probes) {
            Locator row = page.locator("tr[data-probe=\"" + p.get("name").asText() + "\"]");
            assertThat(row.getAttribute("data-state")).isEqualTo(p.get("status").asText());
            assertThat(row.locator("td").nth(1).textContent()).isEqualTo(p.get("region").asText());
            assertThat(row.locator("td").nth(4).textContent()).isEqualTo(p.get("version").asText());
        }
        assertThat(page.locator("tr[data-probe=\"p-sa-east\"]").getAttribute("data-state")).isEqualTo("down");
        assertThat(page.locator("tr[data-probe=\"p-sa-east\"] .state .word").textContent()).isEqualTo("Down");
        assertThat(page.locator(".probes-note").textContent()).contains("1 probe is late or down");
    }

    @Test
    void the_page_shows_the_outage_with_its_start_end_duration_and_regions() {
        page.navigate(api.base + "/");
        JsonNode incidents = api.get("/api/v1/outages?check=site", null).json().get("incidents");
        assertThat(incidents).hasSize(1);
        JsonNode incident = incidents.get(0);
        Locator row = page.locator("tr[data-incident=\"" + incident.get("id").asText() + "\"]");
        assertThat(row.getAttribute("data-ongoing")).isEqualTo("false");
        assertThat(row.locator("td").nth(0).textContent()).isEqualTo("site");
        assertThat(row.locator("td").nth(1).locator("time").getAttribute("datetime"))
                .isEqualTo(incident.get("openedAt").asText());
        assertThat(row.locator("td").nth(2).locator("time").getAttribute("datetime"))
                .isEqualTo(incident.get("resolvedAt").asText());
        assertThat(row.locator("td.duration").textContent())
                .isEqualTo(incident.get("durationMs").asLong() / 1000 + " s");
        assertThat(row.locator("td").nth(4).textContent()).isEqualTo("eu-west, us-east");
    }

    @Test
    void a_check_named_as_markup_is_shown_as_text_and_runs_nothing() throws IOException {
        page.navigate(api.base + "/");
        Locator name = page.getByText(XSS, new Page.GetByTextOptions().setExact(true));
        assertThat(name.count()).isEqualTo(1);
        assertThat(name.isVisible()).isTrue();
        assertThat(page.locator("script").count()).as("only the page's own script").isEqualTo(1);
        assertThat(page.locator("script").getAttribute("src")).startsWith("/page/assets/page.js");

        name.click();
        page.waitForURL(api.base + Fmt.checkPath(XSS));
        assertThat(page.locator("h1.name").textContent()).isEqualTo(XSS);
        Locator error = page.getByText(XSS_ERROR).first();
        assertThat(error.isVisible()).isTrue();
        assertThat(page.locator("img[src=\"x\"]").count()).isZero();
        assertThat(page.locator("script").count()).isEqualTo(1);
        assertThat(dialogs).as("nothing from a check's name or error ran").isEmpty();
        screenshot("check-markup-name.png");
    }

    @Test
    void a_check_page_shows_recent_results_with_phases_and_the_failure_screenshot() throws IOException {
        page.navigate(api.base + "/checks/journey");
        assertThat(page.locator("h1.name").textContent()).isEqualTo("journey");
        assertThat(page.locator("table.results-table tbody tr").count()).isEqualTo(18);
        Locator phases = page.locator("table.results-table tbody tr").first().locator(".phase");
        assertThat(phases.count()).isEqualTo(5);
        assertThat(phases.nth(3).getAttribute("data-phase")).isEqualTo("processing");
        assertThat(phases.nth(3).textContent()).isEqualTo("300 ms");
        Locator failure = page.locator("article.failure");
        assertThat(failure.count()).isEqualTo(1);
        assertThat(failure.locator(".error-message").textContent()).isEqualTo("status 503, expected 200");
        assertThat(failure.textContent().split("status 503, expected 200", -1)).as("the message, said once")
                .hasSize(2);
        assertThat(failure.locator(".reported-by").textContent())
                .isEqualTo("reported by probe p-ap-south in region ap-south");
        assertThat(failure.locator("ul.conditions li").textContent()).as("the failed condition is still shown")
                .contains("[STATUS] == 200");
        Locator shot = failure.locator("figure.shot img");
        shot.scrollIntoViewIfNeeded();
        Object width = shot.evaluate("img => img.complete ? img.naturalWidth : -1");
        assertThat(((Number) width).intValue()).as("the screenshot decodes under the page's policy").isEqualTo(120);
        assertThat(consoleErrors).isEmpty();
        screenshot("check-journey.png");
    }

    @Test
    void a_check_with_a_journey_shows_its_propagation_per_reading_region() throws IOException {
        page.navigate(api.base + "/checks/propagation");
        Locator section = page.locator("section.propagation");
        assertThat(section.count()).isEqualTo(1);
        Locator rows = section.locator("table.figures-table tbody tr");
        assertThat(rows.count()).isEqualTo(2);
        assertThat(rows.nth(0).getAttribute("data-region")).isEqualTo("ap-south");
        assertThat(rows.nth(0).locator("td").allTextContents())
                .containsExactly("ap-south", "3", "1", "2.50 s", "2.50 s", "2.50 s");
        assertThat(rows.nth(1).locator("td").allTextContents())
                .containsExactly("us-east", "4", "0", "950 ms", "1.25 s", "1.25 s");
        Locator charts = section.locator("figure.chart");
        assertThat(charts.count()).isEqualTo(2);
        assertThat(charts.nth(1).locator("figcaption").textContent()).isEqualTo("Propagation to us-east, last 24 hours");
        assertThat(charts.nth(1).locator("path.reads").getAttribute("d")).as("four reads, one line").matches(
                "M[0-9.]+ [0-9.]+( L[0-9.]+ [0-9.]+){3}");
        assertThat(charts.nth(0).locator("path.reads").getAttribute("d")).as("a gap where a read was never identical")
                .contains(" M");
        assertThat(charts.nth(1).locator("path.level").count()).isEqualTo(2);
        assertThat(consoleErrors).isEmpty();
        screenshot("check-propagation.png");

        page.navigate(api.base + "/checks/site");
        assertThat(page.locator("section.propagation").count()).as("a check without a journey has none").isZero();
    }

    @Test
    void the_page_fits_a_phone_without_sideways_scrolling() throws IOException {
        page.setViewportSize(390, 844);
        page.navigate(api.base + "/");
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        assertThat(card("site").locator(".check-head .state .word").isVisible()).isTrue();
        screenshot("overview-phone.png");
    }

    /**
     * At a phone's 390 x 844 and a desktop's 1280 x 800, on the overview and a check's page: nothing
     * scrolls sideways or leaves the screen (but inside a box that scrolls), no table row grows a
     * third of a screen tall for a squeezed column, chart axis labels stay inside their chart, readable
     * and apart. Screenshots are kept as artifacts.
     */
    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({"390, 844, /", "390, 844, /checks/journey", "1280, 800, /", "1280, 800, /checks/journey"})
    void the_layout_fits_a_phone_and_a_desktop(int width, int height, String path) throws IOException {
        page.setViewportSize(width, height);
        page.navigate(api.base + path);
        String measure;
        try (var in = PageTest.class.getResourceAsStream("/page/layout-problems.js")) {
            measure = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) page.evaluate(measure);
        screenshot("layout-" + width + "x" + height + (path.equals("/") ? "-overview" : "-check") + ".png");
        assertThat(problems).as("layout problems at " + width + "x" + height + " on " + path).isEmpty();
    }

    @Test
    void the_page_refreshes_itself_in_place() {
        page.clock().install();
        page.navigate(api.base + "/");
        int refreshMs = Integer.parseInt(page.locator("body").getAttribute("data-refresh-ms"));
        assertThat(page.locator("article.check[data-check=\"added-later\"]").count()).isZero();
        page.evaluate("() => { window.notReloaded = true; }");

        api.pushPing("added-later");
        api.api.outages().decideAll();
        page.clock().runFor(refreshMs + 1000);
        page.locator("article.check[data-check=\"added-later\"]").waitFor();
        assertThat(page.evaluate("() => window.notReloaded")).as("swapped in place, not reloaded").isEqualTo(true);
        assertThat(page.locator("article.check[data-check=\"added-later\"] .check-head .state").getAttribute(
                "data-state")).isEqualTo("unknown");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void a_wall_screen_shows_two_checks_a_row() throws IOException {
        page.setViewportSize(1920, 1080);
        page.navigate(api.base + "/");
        var first = page.locator("article.check").nth(0).boundingBox();
        var second = page.locator("article.check").nth(1).boundingBox();
        assertThat(second.y).isEqualTo(first.y);
        assertThat(second.x).isGreaterThan(first.x + first.width);
        screenshot("overview-wall.png");
    }

    @Test
    void a_day_with_a_maintenance_window_is_shown_as_such_on_the_page_and_in_the_json() {
        page.navigate(api.base + "/");
        assertThat(card("api").locator("svg.bars path.bar[data-band=\"maintenance\"]").count()).isEqualTo(1);
        assertThat(card("site").locator("svg.bars path.bar[data-band=\"maintenance\"]").count()).isZero();
        page.navigate(api.base + "/checks/api");
        Locator bars = page.locator("svg.bars rect.bar");
        Locator yesterday = bars.nth(bars.count() - 2);
        assertThat(yesterday.getAttribute("data-band")).isEqualTo("maintenance");
        assertThat(yesterday.locator("title").textContent()).startsWith("2026-03-01 (UTC)")
                .endsWith("maintenance window");
        page.navigate(api.base + "/checks/site");
        assertThat(page.locator("svg.bars rect.bar").nth(bars.count() - 2).getAttribute("data-band"))
                .as("the api check's window is its own; site's, made today about yesterday, repaints nothing")
                .isEqualTo("none");
        JsonNode api = null;
        for (JsonNode c : PageTest.api.get("/status.json", null).json().get("checks")) {
            if (c.get("name").asText().equals("api")) {
                api = c;
            }
        }
        JsonNode day = api.get("daily").get(api.get("daily").size() - 2);
        assertThat(day.get("date").asText()).isEqualTo("2026-03-01");
        assertThat(day.get("maintenance").asBoolean()).isTrue();
    }

    @Test
    void another_site_cannot_frame_the_page() throws IOException {
        TestApi.Answer served = api.get("/", null);
        assertThat(served.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(served.header("X-Frame-Options")).isEqualTo("DENY");
        // a page of another origin (localhost, not 127.0.0.1) that frames the uptime page, as a clickjacker would
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        byte[] html = ("<!doctype html><title>other</title><iframe id=f src=\"" + api.base + "/\"></iframe>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        other.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        other.start();
        try {
            page.navigate("http://localhost:" + other.getAddress().getPort() + "/");
            page.waitForTimeout(1000);
            com.microsoft.playwright.Frame framed = page.frames().stream().filter(f -> f != page.mainFrame())
                    .findFirst().orElseThrow();
            assertThat(framed.url()).as("the browser refused to show the page in a frame")
                    .doesNotStartWith(api.base);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void an_unknown_check_has_a_page_that_says_so() {
        var response = page.navigate(api.base + "/checks/" + TestApi.segment("nope<b>"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(page.getByText("There is no check named “nope<b>”.").isVisible()).isTrue();
    }

    @Test
    void status_json_says_what_the_page_shows() {
        TestApi.Answer a = api.get("/status.json", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode json = a.json();
        page.navigate(api.base + "/");

        assertThat(json.get("checks")).hasSize(page.locator("article.check").count());
        for (JsonNode c : json.get("checks")) {
            String name = c.get("name").asText();
            Locator card = card(name);
            assertThat(card.locator(".check-head .state").getAttribute("data-state")).as("the page's key of the JSON's"
                    + " wire name").isEqualTo(c.get("state").asText().replace('_', '-'));
            assertThat(card.locator(".check-head .state .word").textContent()).isEqualTo(c.get("stateText").asText());
            for (String period : StatusReport.PERIODS) {
                Double shown = percentOnPage(card.locator("dd[data-period=\"" + period + "\"]").textContent());
                assertThat(percentOf(c.get("uptimePercent").get(period))).as(name + " " + period).isEqualTo(shown);
            }
            assertThat(c.get("daily")).hasSize(days(card));
            assertThat(c.get("regions")).hasSize(card.locator("li.region").count());
        }
        assertThat(json.get("probes")).hasSize(page.locator("tr[data-probe]").count());
        for (JsonNode p : json.get("probes")) {
            assertThat(page.locator("tr[data-probe=\"" + p.get("name").asText() + "\"]").getAttribute("data-state"))
                    .isEqualTo(p.get("status").asText());
        }
        assertThat(json.get("incidents")).hasSize(page.locator("tr[data-incident]").count());
        for (JsonNode i : json.get("incidents")) {
            assertThat(page.locator("tr[data-incident=\"" + i.get("id").asText() + "\"]").count()).isEqualTo(1);
        }
        assertThat(json.get("headline").get("text").asText())
                .isEqualTo(page.locator(".headline-text").textContent());
    }

    private static Document svg(TestApi.Answer a) throws Exception {
        assertThat(a.header("Content-Type")).startsWith("image/svg+xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(a.body().getBytes(StandardCharsets.UTF_8)));
        Element root = d.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(Integer.parseInt(root.getAttribute("width"))).isPositive();
        return d;
    }

    @Test
    void a_status_badge_is_valid_svg_with_the_checks_state() throws Exception {
        TestApi.Answer a = api.get("/badge/site.svg", null);
        assertThat(a.status()).isEqualTo(200);
        Document d = svg(a);
        String state = api.get("/api/v1/outages?check=site", null).json().get("checks").get(0).get("state").asText();
        assertThat(d.getDocumentElement().getAttribute("aria-label")).isEqualTo("site: " + state);

        Document markup = svg(api.get("/badge/" + TestApi.segment(XSS) + ".svg", null));
        assertThat(markup.getDocumentElement().getAttribute("aria-label")).startsWith(XSS + ": ");
        assertThat(markup.getElementsByTagNameNS("http://www.w3.org/2000/svg", "script").getLength()).isZero();
    }

    @Test
    void an_uptime_badge_says_the_summarys_uptime_for_the_window() throws Exception {
        TestApi.Answer a = api.get("/badge/site.svg?type=uptime&window=7d", null);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        double uptime = summary("site", "7d").get("overall").get("uptimePercent").asDouble();
        assertThat(svg(a).getDocumentElement().getAttribute("aria-label"))
                .isEqualTo("site: " + Fmt.number(uptime) + "% (7d)");
        assertThat(svg(api.get("/badge/site.svg?type=uptime", null)).getDocumentElement().getAttribute("aria-label"))
                .endsWith("% (30d)");
        assertThat(api.get("/badge/site.svg?type=uptime&window=1y", null).status()).isEqualTo(400);
        assertThat(api.get("/badge/site.svg?type=colour", null).status()).isEqualTo(400);
    }

    @Test
    void a_badge_of_an_unknown_check_is_a_404_that_says_so() throws Exception {
        TestApi.Answer a = api.get("/badge/nope.svg", null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(svg(a).getDocumentElement().getAttribute("aria-label")).isEqualTo("nope: no such check");
    }
}
