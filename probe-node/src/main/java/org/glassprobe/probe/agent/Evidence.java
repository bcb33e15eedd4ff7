package org.glassprobe.probe.agent;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a small rendition of a failure screenshot into the result, so that it travels to the
 * results API with it and the uptime page can show what the user would have seen. The PNG on the
 * probe stays as it is; what travels is a JPEG at most {@link ProbeSettings#evidenceMaxWidth} pixels
 * wide and at most {@link ProbeSettings#evidenceMaxBytes} bytes (well inside the API's bound on one
 * result).
 */
final class Evidence {
    /** JPEG qualities tried in turn until the copy is small enough. */
    private static final float[] QUALITIES = {0.7f, 0.5f, 0.3f};
    private static final Logger logger = LoggerFactory.getLogger(Evidence.class);

    private final int maxWidth;
    private final int maxBytes;

    Evidence(int maxWidth, int maxBytes) {
        this.maxWidth = maxWidth;
        this.maxBytes = maxBytes;
    }

    /** The result with its screenshots inlined where they could be made small enough. */
    CheckResult inline(CheckResult result) {
        if (result.ok() || result.steps().stream().allMatch(s -> s.artifacts().isEmpty())) {
            return result;
        }
        List<StepResult> steps = new ArrayList<>();
        for (StepResult step : result.steps()) {
            List<StepResult.Artifact> artifacts = new ArrayList<>();
            for (StepResult.Artifact a : step.artifacts()) {
                artifacts.add(a.type().equals("screenshot") && a.content() == null ? rendition(a) : a);
            }
            steps.add(step.withArtifacts(artifacts));
        }
        return new CheckResult(result.id(), result.check(), result.kind(), result.startedAt(), result.durationMs(),
                result.ok(), result.attempt(), steps, result.error(), result.earlierAttempts(), result.variables(),
                result.journey(), result.confirmation());
    }

    private StepResult.Artifact rendition(StepResult.Artifact screenshot) {
        try {
            BufferedImage image = ImageIO.read(Path.of(screenshot.path()).toFile());
            if (image == null) {
                return screenshot;
            }
            BufferedImage small = scale(image);
            for (float quality : QUALITIES) {
                byte[] jpeg = jpeg(small, quality);
                if (jpeg.length <= maxBytes) {
                    return screenshot.withContent("image/jpeg", Base64.getEncoder().encodeToString(jpeg));
                }
            }
            logger.atWarn().addKeyValue("file", screenshot.path())
                    .log("failure screenshot too large to send even as a small JPEG; it stays on the probe");
        } catch (IOException | RuntimeException e) {
            logger.atWarn().addKeyValue("file", screenshot.path()).setCause(e)
                    .log("cannot make a small copy of the failure screenshot; it stays on the probe");
        }
        return screenshot;
    }

    private BufferedImage scale(BufferedImage image) {
        int width = Math.min(maxWidth, image.getWidth());
        int height = Math.max(1, image.getHeight() * width / image.getWidth());
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
