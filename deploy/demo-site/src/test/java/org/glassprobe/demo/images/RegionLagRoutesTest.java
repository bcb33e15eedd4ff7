package org.glassprobe.demo.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.glassprobe.demo.DemoSite;
import org.glassprobe.demo.DemoSiteOptions;
import org.glassprobe.demo.SiteClient;
import org.glassprobe.demo.faults.RegionLags;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /images/{id}} with {@code X-Demo-Region}, on a site started with region lags. */
class RegionLagRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LAG_MS = 600;

    private static DemoSite site;
    private static SiteClient client;

    @BeforeAll
    static void startSite() {
        site = DemoSite.start(DemoSiteOptions.ephemeral().withLags(RegionLags.parse(List.of("us-east=" + LAG_MS + "ms",
                "sa-east=never"))));
        client = new SiteClient(site.baseUrl());
    }

    @AfterAll
    static void stopSite() {
        site.close();
    }

    private static int status(String url, String region) throws IOException {
        Request.Builder get = new Request.Builder().url(site.baseUrl() + url);
        if (region != null) {
            get.header(RegionLags.HEADER, region);
        }
        try (Response r = client.http().newCall(get.build()).execute()) {
            return r.code();
        }
    }

    private static String upload() throws IOException {
        return JSON.readTree(client.uploadForJson(SiteClient.PNG)).get("url").asText();
    }

    @Test
    void a_lagging_region_gets_404_until_the_upload_plus_its_lag_and_the_bytes_after() throws Exception {
        long uploaded = System.nanoTime();
        String url = upload();
        assertThat(status(url, "us-east")).as("just uploaded").isEqualTo(404);
        assertThat(status(url, "eu-west")).as("a region without a lag").isEqualTo(200);
        assertThat(status(url, null)).as("no header").isEqualTo(200);
        long seenAfterMs = -1;
        for (int i = 0; i < 100 && seenAfterMs < 0; i++) {
            if (status(url, "us-east") == 200) {
                seenAfterMs = (System.nanoTime() - uploaded) / 1_000_000;
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(seenAfterMs).as("served once the lag passed, not before").isBetween(LAG_MS, LAG_MS + 3_000);
        try (Response r = client.http().newCall(new Request.Builder().url(site.baseUrl() + url)
                .header(RegionLags.HEADER, "us-east").build()).execute()) {
            assertThat(r.body().bytes()).isEqualTo(SiteClient.PNG);
        }
    }

    @Test
    void a_region_whose_lag_is_never_always_gets_404_as_for_an_unknown_image() throws Exception {
        String url = upload();
        Thread.sleep(LAG_MS + 100);
        try (Response r = client.http().newCall(new Request.Builder().url(site.baseUrl() + url)
                .header(RegionLags.HEADER, "sa-east").build()).execute()) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(r.body().string()).contains("image not found");
        }
        assertThat(status(url, "us-east")).isEqualTo(200);
    }
}
