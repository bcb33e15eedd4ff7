package org.glassprobe.demo.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Response;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.SiteClient;
import org.glassprobe.demo.images.ImageStats;
import org.glassprobe.demo.images.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PageRoutesTest {

    private static DemoSite site;
    private static SiteClient client;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.ephemeral());
        client = new SiteClient(site.baseUrl());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    @Test
    void the_home_page_has_the_upload_form_with_stable_ids() throws IOException {
        try (Response response = client.get("/")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("text/html");
            assertThat(response.body().string())
                    .contains("<form id=\"upload-form\" action=\"/upload\" method=\"post\" enctype=\"multipart/form-data\">")
                    .contains("<input type=\"file\" id=\"file\" name=\"file\" accept=\"image/*\">")
                    .contains("<button type=\"submit\" id=\"upload-button\">Upload</button>")
                    .contains("at most 5 MiB")
                    .doesNotContain("src=\"http", "href=\"http", "<script");
        }
    }

    @Test
    void a_form_upload_redirects_303_to_a_page_showing_the_image_its_sha256_and_size() throws IOException {
        String location;
        try (Response response = client.upload("/upload", "file", "dot.png", SiteClient.PNG, "image/png")) {
            assertThat(response.code()).isEqualTo(303);
            location = response.header("Location");
        }
        assertThat(location).matches("/\\?image=[0-9a-f]{16}");
        String id = location.substring("/?image=".length());

        try (Response page = client.get(location)) {
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.body().string())
                    .contains("<img id=\"uploaded-image\" src=\"/images/" + id + "\" alt=\"uploaded image\">")
                    .contains("<code id=\"image-sha256\">" + ImageStore.sha256Hex(SiteClient.PNG) + "</code>")
                    .contains("<span id=\"image-size\">" + SiteClient.PNG.length + "</span>")
                    .contains("<span id=\"image-content-type\">image/png</span>");
        }
        try (Response image = client.get("/images/" + id)) {
            assertThat(image.body().bytes()).isEqualTo(SiteClient.PNG);
        }
    }

    @Test
    void a_bad_form_upload_shows_an_html_error_with_the_same_status_and_message_as_the_api() throws IOException {
        byte[] text = "plain text".getBytes(StandardCharsets.UTF_8);
        String apiMessage;
        try (Response api = client.upload("/api/images", "file", "notes.txt", text, "text/plain")) {
            assertThat(api.code()).isEqualTo(415);
            apiMessage = new ObjectMapper().readTree(api.body().string()).get("error").asText();
        }
        ImageStats before = site.imageStats();

        try (Response form = client.upload("/upload", "file", "notes.txt", text, "text/plain")) {
            assertThat(form.code()).isEqualTo(415);
            assertThat(form.header("Content-Type")).startsWith("text/html");
            assertThat(form.body().string())
                    .contains("<p id=\"error-message\" class=\"error\">" + Html.escape(apiMessage) + "</p>")
                    .contains("id=\"upload-form\"");
        }
        assertThat(site.imageStats()).isEqualTo(before);
    }

    @Test
    void an_unknown_image_shows_image_not_found_with_404() throws IOException {
        try (Response response = client.get("/?image=ffffffffffffffff")) {
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.body().string())
                    .contains("<p id=\"error-message\" class=\"error\">image not found: no image with id &#39;ffffffffffffffff&#39;");
        }
    }

    @Test
    void text_from_the_request_is_escaped_in_the_page() throws IOException {
        try (Response response = client.get("/?image=%3Cscript%3Ealert(%22x%22)%3C/script%3E")) {
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.body().string())
                    .doesNotContain("<script>")
                    .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        }
    }

    @Test
    void escape_replaces_every_character_that_matters_in_html() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    }
}
