package org.glassprobe.scenarios.browser;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.result.StepResult;

/**
 * The files a failed browser run leaves for a person (screenshots, traces), under the probe's
 * artifact directory, with a retention bound in count and bytes so that they cannot fill the disk.
 */
final class Artifacts {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    /** Only files glassprobe named are ever deleted: a stamp, a name, and .png or .zip. */
    private static final Pattern OURS = Pattern.compile("\\d{8}-\\d{6}-\\d{3}-[a-z0-9-]+\\.(png|zip)");

    private Artifacts() {}

    /** A file name (without extension) that sorts by time and says which check and step it is for. */
    static String baseName(Instant now, String check, String step) {
        return STAMP.format(now) + "-" + slug(check) + "-" + slug(step) + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    private static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        s = s.isEmpty() ? "x" : s;
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    static StepResult.Artifact write(Path dir, String fileName, String type, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName);
        Files.write(file, bytes);
        return new StepResult.Artifact(type, file.toAbsolutePath().toString(), bytes.length);
    }

    static StepResult.Artifact describe(Path file, String type) throws IOException {
        return new StepResult.Artifact(type, file.toAbsolutePath().toString(), Files.size(file));
    }

    /**
     * Deletes the oldest of glassprobe's files beyond {@code maxFiles} or {@code maxBytes}, never the
     * ones just written.
     */
    static void prune(Path dir, int maxFiles, long maxBytes, Collection<StepResult.Artifact> keep) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (OURS.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            return;
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        List<String> kept = keep.stream().map(StepResult.Artifact::path).toList();
        int count = 0;
        long bytes = 0;
        for (Path file : files) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                continue;
            }
            boolean mustKeep = kept.contains(file.toAbsolutePath().toString());
            if (mustKeep || (count < maxFiles && bytes + size <= maxBytes)) {
                count++;
                bytes += size;
                continue;
            }
            try {
                Files.deleteIfExists(file);
            } catch (NoSuchFileException ignored) {
                // another attempt pruned it first
            } catch (IOException ignored) {
                // left for the next pruning
            }
        }
    }
}
