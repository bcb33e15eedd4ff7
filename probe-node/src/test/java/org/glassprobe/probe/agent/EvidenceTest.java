package org.glassprobe.probe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.glassprobe.scenarios.result.Attempt;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceTest {
    private static final ProbeSettings SETTINGS = ProbeSettings.defaults();
    private final Evidence evidence = new Evidence(SETTINGS.evidenceMaxWidth(), SETTINGS.evidenceMaxBytes());

    private static CheckResult failedWith(Path screenshot, long size) {
        RunError error = new RunError(ErrorKind.INTEGRITY, null, "bytes differ");
        StepResult step = new StepResult("see image", "expect", false, 40, null, null, null, List.of(), Map.of(), null,
                Map.of(), List.of(new StepResult.Artifact("screenshot", screenshot.toString(), size)), error);
        return CheckResult.of(UUID.randomUUID(), "browser", "scenario", List.of(new Attempt(1, Instant.parse("2026-12-06T17:28:27.123Z"), 40, false,
                List.of(step), error.inStep("see image"))));
    }

    @Test
    void a_failure_screenshot_travels_as_a_small_jpeg_and_the_png_stays(@TempDir Path dir) throws Exception {
        BufferedImage page = new BufferedImage(1280, 720, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(1);
        for (int y = 0; y < 720; y++) {
            for (int x = 0; x < 1280; x++) {
                page.setRGB(x, y, noise.nextInt(0xffffff));
            }
        }
        Path png = dir.resolve("failure.png");
        ImageIO.write(page, "png", png.toFile());

        CheckResult inlined = evidence.inline(failedWith(png, Files.size(png)));

        StepResult.Artifact sent = inlined.steps().get(0).artifacts().get(0);
        assertThat(sent.contentType()).isEqualTo("image/jpeg");
        byte[] jpeg = Base64.getDecoder().decode(sent.content());
        assertThat(jpeg.length).isLessThanOrEqualTo(120 * 1024);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(back.getWidth()).isEqualTo(960);
        assertThat(back.getHeight()).isEqualTo(540);
        assertThat(sent.path()).isEqualTo(png.toString());
        assertThat(Files.size(png)).isEqualTo(sent.size());
        assertThat(ResultJson.fromJson(ResultJson.toJson(inlined))).isEqualTo(inlined);
    }

    @Test
    void a_missing_screenshot_leaves_the_result_as_it_was(@TempDir Path dir) {
        CheckResult result = failedWith(dir.resolve("gone.png"), 10);
        assertThat(evidence.inline(result)).isEqualTo(result);
    }
}
