package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.TestApi.ADMIN;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.glassprobe.api.TestApi;
import org.glassprobe.api.journey.JourneyResults;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.result.TlsInfo;

/**
 * The uptime page's tests' world: the real API in this JVM on an H2 file, fed over loopback HTTP by
 * enrolled probes in three regions (an outage that opened and resolved, a silent probe, a failed
 * browser run with its screenshot, a maintenance window, a check whose name and error are markup),
 * and Debian's Chromium driven through Playwright.
 */
final class PageFixture {
    static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    static final String XSS = "<script>alert(1)</script>";
    /** A check with a journey: its page shows the propagation per reading region. */
    static final String PROPAGATION = "propagation";
    static final String XSS_ERROR = "<img src=x onerror=alert(2)> broke";

    private PageFixture() {}

    /** The API on an H2 file under {@code dir}, with the checks, results and decisions described above. */
    static TestApi feed(Path dir) {
        Map<String, String> tokens = new LinkedHashMap<>();
        // decisions only when the test takes them, so that the page and what it is compared with
        // are read from the same state
        TestApi api = new TestApi(dir, Map.of("GLASSPROBE_LIVENESS_LATE_AFTER", "20s",
                "GLASSPROBE_LIVENESS_DOWN_AFTER", "40s", "GLASSPROBE_OUTAGES_EVERY", "1h"));
        for (String region : REGIONS) {
            tokens.put(region, api.enrol("p-" + region, region));
        }
        String silent = api.enrol("p-sa-east", "sa-east");
        beat(api, silent, "1.3.0");
        REGIONS.forEach(r -> beat(api, tokens.get(r), "1.4.2"));
        // results come every 10 s here, a third of the interval: the outage ends as soon as it is clear;
        // the silent probe's region is not one the check runs in
        assertThat(api.putYaml("site", "name: site\nkind: ping\ninterval: 30s\ntimeout: 5s\n"
                + "regions: [" + String.join(", ", REGIONS) + "]\noutage: {min-open: 0s}\n"
                + "http: {url: \"http://127.0.0.1:1/health\"}\n").status()).isIn(200, 201);
        // the api check and its window for yesterday were made the day before yesterday: a window
        // covers only what follows its creation
        Instant today = api.clock.instant();
        api.clock.set(Instant.parse("2026-02-28T12:00:00Z"));
        api.pushPing("api");
        TestApi.Answer window = api.post("/api/v1/maintenance", ADMIN, "{\"check\":\"api\",\"startsAt\":"
                + "\"2026-03-01T02:00:00Z\",\"endsAt\":\"2026-03-01T03:00:00Z\",\"reason\":\"upgrade\"}");
        assertThat(window.status()).as(window.body()).isIn(200, 201);
        api.clock.set(today);
        api.pushPing(XSS);
        assertThat(api.putYaml("journey", "name: journey\nkind: scenario\ninterval: 60s\ntimeout: 20s\n"
                + "steps:\n  - name: open\n    goto: http://127.0.0.1:1/\n").status()).isIn(200, 201);

        // made today about yesterday: it must not repaint yesterday
        TestApi.Answer late = api.post("/api/v1/maintenance", ADMIN, "{\"check\":\"site\",\"startsAt\":"
                + "\"2026-03-01T04:00:00Z\",\"endsAt\":\"2026-03-01T05:00:00Z\",\"reason\":\"afterwards\"}");
        assertThat(late.status()).as(late.body()).isIn(200, 201);

        // six rounds 10 s apart: "site" fails in two of three regions in round 4 (an outage),
        // passes again in rounds 5 and 6 (resolved); the markup-named check fails in one region
        for (int round = 1; round <= 6; round++) {
            Instant now = api.clock.instant();
            for (String region : REGIONS) {
                List<CheckResult> batch = new ArrayList<>();
                boolean siteFails = round == 4 && !region.equals("ap-south");
                batch.add(result("site", now, !siteFails, 10 + round, null));
                batch.add(result("api", now, true, 20 + round * 2, null));
                batch.add(result(XSS, now, !(round == 3 && region.equals("eu-west")), 5, null));
                boolean journeyFails = round == 2 && region.equals("ap-south");
                batch.add(result("journey", now, !journeyFails, 300, journeyFails ? jpeg() : null));
                TestApi.Answer a = api.postResults(tokens.get(region), batch);
                assertThat(a.status()).as(a.body()).isEqualTo(200);
            }
            api.clock.advance(Duration.ofSeconds(10));
        }
        // a journey: eu-west writes each round, the two other regions read; us-east reads in 0.8 to 1.3 s,
        // ap-south once never (its run failed)
        api.pushPing(PROPAGATION, REGIONS.toArray(String[]::new));
        Instant first = api.clock.instant().minusSeconds(60);
        for (int round = 0; round < 4; round++) {
            Instant at = first.plusSeconds(10L * round);
            java.util.UUID object = java.util.UUID.randomUUID();
            assertThat(api.post("/api/v1/probe/results", tokens.get("eu-west"), JourneyResults.batch(List.of(
                    JourneyResults.writer(PROPAGATION, object, at, JourneyResults.SHA_A)))).status()).isEqualTo(200);
            boolean missed = round == 2;
            assertThat(api.post("/api/v1/probe/results", tokens.get("us-east"), JourneyResults.batch(List.of(
                    JourneyResults.reader(PROPAGATION, object, "eu-west", at, 800.0 + 150 * round, true))))
                    .status()).isEqualTo(200);
            assertThat(api.post("/api/v1/probe/results", tokens.get("ap-south"), JourneyResults.batch(List.of(
                    JourneyResults.reader(PROPAGATION, object, "eu-west", at, missed ? null : 2500.0 + round, !missed))))
                    .status()).isEqualTo(200);
        }
        // the silent probe's last heartbeat is now 60 s old: down
        REGIONS.forEach(r -> beat(api, tokens.get(r), "1.4.2"));
        api.api.liveness().evaluate();
        api.api.outages().decideAll();
        return api;
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Debian's Chromium, headless, with what it needs to run in a container and nothing to call home. */
    static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage")));
    }

    private static void beat(TestApi api, String token, String version) {
        TestApi.Answer a = api.post("/api/v1/probe/heartbeat", token, "{\"version\":\"" + version + "\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
    }

    /** One step's result; a failure says so in its error, with the screenshot when one is given. */
    static CheckResult result(String check, Instant at, boolean ok, double processingMs, String jpeg) {
        Phases phases = new Phases(0.5, 1.0, 0, processingMs, 0.5);
        String message = check.equals(XSS) ? XSS_ERROR : "status 503, expected 200";
        List<StepResult.Artifact> files = jpeg == null ? List.of()
                : List.of(new StepResult.Artifact("screenshot", "open.jpg", jpeg.length() * 3L / 4)
                        .withContent("image/jpeg", jpeg));
        StepResult step = new StepResult("open", "http", ok, phases.sum(), new StepResult.Request("GET",
                "http://127.0.0.1:1/"), ok ? 200 : 503, phases, List.of(new ConditionResult("[STATUS] == 200", ok,
                ok ? "200" : "503", "200", false)), Map.of(), null, Map.of(), files,
                ok ? null : new RunError(ErrorKind.STATUS, null, message), null, null, null,
                check.equals("site") ? siteCertificate(at) : null, null);
        return new CheckResult(UUID.randomUUID(), check, check.equals("journey") ? "scenario" : "ping", at,
                phases.sum(), ok, 1, List.of(step), ok ? null : new RunError(ErrorKind.STATUS, "open", message),
                List.of());
    }

    /** What "site"'s handshakes show: a chain whose first certificate expires 12 days after the run. */
    private static TlsInfo siteCertificate(Instant at) {
        Instant expiry = at.plus(Duration.ofDays(12));
        return new TlsInfo("TLS 1.3", "TLS_AES_128_GCM_SHA256", "CN=site.example", "CN=Example CA", "00ff",
                expiry.plus(Duration.ofDays(60)), expiry, "CN=Example Intermediate", true, true, null);
    }

    /** A real JPEG (a red frame on white), base64: what a browser probe sends of a failed step. */
    static String jpeg() {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.RED);
        g.drawRect(5, 5, 110, 70);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
