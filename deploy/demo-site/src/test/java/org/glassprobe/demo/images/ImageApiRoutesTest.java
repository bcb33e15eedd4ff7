package org.glassprobe.demo.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.SiteClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageApiRoutesTest {

    private static final int MAX_IMAGE_BYTES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoSite site;
    private static SiteClient client;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.ephemeral().withMaxImageBytes(MAX_IMAGE_BYTES));
        client = new SiteClient(site.baseUrl());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of(SiteClient.PNG, "image/png"),
                Arguments.of(SiteClient.JPEG, "image/jpeg"),
                Arguments.of(SiteClient.GIF, "image/gif"),
                Arguments.of(SiteClient.WEBP, "image/webp"),
                Arguments.of(SiteClient.pngOfSize(MAX_IMAGE_BYTES), "image/png"));
    }

    @ParameterizedTest
    @MethodSource("images")
    void upload_then_retrieve_returns_the_identical_bytes_sha256_and_content_type(byte[] content, String contentType)
            throws IOException {
        JsonNode created;
        try (Response response = client.upload("/api/images", "file", "picture.bin", content, "application/octet-stream")) {
            assertThat(response.code()).isEqualTo(201);
            created = JSON.readTree(response.body().string());
            assertThat(response.header("Location")).isEqualTo(created.get("url").asText());
        }
        String id = created.get("id").asText();
        assertThat(created.get("url").asText()).isEqualTo("/images/" + id);
        assertThat(created.get("sha256").asText()).isEqualTo(ImageStore.sha256Hex(content));
        assertThat(created.get("size").asLong()).isEqualTo(content.length);
        assertThat(created.get("contentType").asText()).isEqualTo(contentType);

        try (Response image = client.get(created.get("url").asText())) {
            assertThat(image.code()).isEqualTo(200);
            assertThat(image.header("Content-Type")).isEqualTo(contentType);
            assertThat(image.header("Content-Length")).isEqualTo(Integer.toString(content.length));
            assertThat(image.header("Cache-Control")).isEqualTo("no-store");
            byte[] served = image.body().bytes();
            assertThat(served).isEqualTo(content);
            assertThat(ImageStore.sha256Hex(served)).isEqualTo(created.get("sha256").asText());
        }
    }

    @Test
    void the_content_type_comes_from_the_bytes_not_from_the_client() throws IOException {
        try (Response response = client.upload("/api/images", "file", "photo.jpg", SiteClient.GIF, "image/jpeg")) {
            assertThat(response.code()).isEqualTo(201);
            assertThat(JSON.readTree(response.body().string()).get("contentType").asText()).isEqualTo("image/gif");
        }
    }

    @Test
    void an_unknown_image_is_404_with_a_json_error() throws IOException {
        try (Response response = client.get("/images/0000000000000000")) {
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(response.body().string()).get("error").asText())
                    .startsWith("image not found: no image with id '0000000000000000' is stored");
        }
    }

    static Stream<Arguments> badUploads() {
        byte[] text = "just some text, not a picture".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("not multipart",
                        RequestBody.create("{\"file\": \"x\"}", MediaType.get("application/json")), 400,
                        "expected a multipart/form-data request with the image in a field named 'file', but its Content-Type was 'application/json"),
                Arguments.of("no file field",
                        SiteClient.multipart("image", "a.png", SiteClient.PNG, "image/png"), 400,
                        "the form has no field named 'file'; send the image as a file in the multipart field 'file'"),
                Arguments.of("file is a text field",
                        new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("file", "hello").build(), 400,
                        "the field 'file' is a text field, not a file"),
                Arguments.of("empty file",
                        SiteClient.multipart("file", "empty.png", new byte[0], "image/png"), 400,
                        "the file 'empty.png' is empty (0 bytes); choose a non-empty image file"),
                Arguments.of("no file chosen in a form",
                        SiteClient.multipart("file", "", new byte[0], "application/octet-stream"), 400,
                        "no file was chosen: the field 'file' is empty (0 bytes)"),
                Arguments.of("not an image",
                        SiteClient.multipart("file", "notes.png", text, "image/png"), 415,
                        "the file 'notes.png' is not a supported image: its first bytes are not those of a PNG, JPEG, GIF or WebP file"
                                + " (the Content-Type sent, 'image/png', is not trusted); accepted types: image/png, image/jpeg, image/gif, image/webp"),
                Arguments.of("one byte too large",
                        SiteClient.multipart("file", "big.png", SiteClient.pngOfSize(MAX_IMAGE_BYTES + 1), "image/png"), 413,
                        "the image is 10001 bytes, over the limit of 10000 bytes (9.8 KiB) per image; upload a smaller image"),
                Arguments.of("larger than the parser reads",
                        SiteClient.multipart("file", "huge.png", SiteClient.pngOfSize(MAX_IMAGE_BYTES + 1024 * 1024 + 1), "image/png"), 413,
                        "the image is more than 1058576 bytes, over the limit of 10000 bytes (9.8 KiB) per image; upload a smaller image"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void a_bad_upload_is_refused_with_its_4xx_and_a_json_message_and_nothing_is_stored(
            String name, RequestBody body, int status, String message) throws IOException {
        ImageStats before = site.imageStats();

        try (Response response = client.post("/api/images", body)) {
            assertThat(response.code()).isEqualTo(status);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(response.body().string()).get("error").asText()).startsWith(message);
        }
        assertThat(site.imageStats()).isEqualTo(before);
    }

    @Test
    void the_oldest_images_are_evicted_beyond_the_count_limit() throws IOException {
        try (DemoSite small = DemoSite.start(DemoSiteOptions.ephemeral().withMaxImages(3))) {
            SiteClient smallClient = new SiteClient(small.baseUrl());
            String[] urls = new String[4];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = JSON.readTree(smallClient.uploadForJson(SiteClient.pngOfSize(100 + i))).get("url").asText();
            }

            try (Response evicted = smallClient.get(urls[0])) {
                assertThat(evicted.code()).isEqualTo(404);
            }
            for (int i = 1; i < urls.length; i++) {
                try (Response kept = smallClient.get(urls[i])) {
                    assertThat(kept.code()).isEqualTo(200);
                    assertThat(kept.body().bytes()).isEqualTo(SiteClient.pngOfSize(100 + i));
                }
            }
            assertThat(small.imageStats()).isEqualTo(new ImageStats(3, 101 + 102 + 103));
        }
    }
}
