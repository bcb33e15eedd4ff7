/*---
name: image-roundtrip-java
description: The round trip as a script - upload through the page in Chromium, see it, prove the bytes, then fetch it over HTTP.
interval: 60s
timeout: 20s
retries: 1
labels: {team: storage}
variables:
  target: {default: "http://127.0.0.1:8081", fromProbe: true}   # a probe's --var target replaces it
files: [images/glassprobe.png]
---*/
// Run it once:  java -jar probe-node/target/glassprobe-probe.jar run scenarios/examples/ImageRoundTrip.java

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import okhttp3.Request;
import okhttp3.Response;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.script.Scenario;
import org.glassprobe.scenarios.script.ScenarioContext;

/** The image round trip through the demo site's own page, then its URL fetched again as a client would. */
public class ImageRoundTrip implements Scenario {
    @Override
    public void run(ScenarioContext ctx) {
        String target = ctx.var("target");
        Page page = ctx.page();

        ctx.step("open", () -> page.navigate(target + "/"));

        String shown = ctx.step("upload", () -> {
            UploadFile image = ctx.file("images/glassprobe.png");
            page.locator("#file").setInputFiles(new FilePayload("glassprobe.png", image.contentType(), image.bytes()));
            page.locator("#upload-button").click();
            page.waitForURL("**/?image=*");
            return page.locator("#uploaded-image").getAttribute("src");
        });

        ctx.step("displayed", () -> ctx.checkDisplayedImage("#uploaded-image", "images/glassprobe.png"));

        ctx.step("retrieve", () -> {
            try (Response response = ctx.http().newCall(new Request.Builder().url(target + shown).build()).execute()) {
                ctx.check("[STATUS] == 200", response.code() == 200, response.code());
                ctx.checkSameBytes("images/glassprobe.png", response.body().bytes(), response.header("Content-Type"));
            }
        });
    }
}
