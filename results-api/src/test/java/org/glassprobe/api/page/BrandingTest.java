package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.glassprobe.api.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's title, the organisation's name, site and logo come from the API's settings, escaped. */
class BrandingTest {
    @TempDir
    Path dir;

    @Test
    void the_settings_brand_every_page_escaped_and_the_logo_origin_alone_is_allowed() {
        try (TestApi api = new TestApi(dir, Map.of(
                "GLASSPROBE_PAGE_TITLE", "Acme <b>status</b>",
                "GLASSPROBE_PAGE_ORGANISATION", "Acme & \"Co\" <script>alert(1)</script>",
                "GLASSPROBE_PAGE_ORGANISATION_URL", "https://acme.example/?from=status&x=1",
                "GLASSPROBE_PAGE_LOGO_URL", "https://cdn.acme.example:8443/logo.svg?v=2&t=1"))) {
            api.pushPing("site");
            for (String path : new String[] {"/", "/checks/site", "/checks/nope"}) {
                TestApi.Answer page = api.get(path, null);
                String html = page.body();
                assertThat(html).as(path).contains("Acme &lt;b&gt;status&lt;/b&gt;</")
                        .contains("<span class=\"org-name\">Acme &amp; \"Co\" &lt;script&gt;alert(1)&lt;/script&gt;</span>")
                        .contains("<a href=\"https://acme.example/?from=status&amp;x=1\">")
                        .contains("src=\"https://cdn.acme.example:8443/logo.svg?v=2&amp;t=1\" alt=\"\"")
                        .doesNotContain("<script>alert(1)").doesNotContain("<b>status");
                assertThat(html).as(path).contains("<title>").containsPattern("<title>[^<]*· Acme &lt;b&gt;status");
                assertThat(page.header("Content-Security-Policy")).as(path)
                        .contains("img-src 'self' data: https://cdn.acme.example:8443;");
            }
            assertThat(api.get("/", null).body()).contains("<h1>Acme &lt;b&gt;status&lt;/b&gt;</h1>");
        }
    }

    @Test
    void without_settings_the_page_is_titled_status_and_shows_no_organisation() {
        try (TestApi api = new TestApi(dir)) {
            TestApi.Answer page = api.get("/", null);
            assertThat(page.body()).contains("<h1>Status</h1>").doesNotContain("class=\"org");
            assertThat(page.header("Content-Security-Policy")).contains("img-src 'self' data:;");
        }
    }
}
