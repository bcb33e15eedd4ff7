package org.glassprobe.probe.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import org.glassprobe.scenarios.result.Timestamps;

/**
 * Who this probe is to the results API: its name, region and token, kept in
 * {@code <data>/probe.json}, readable by its owner only (the token is a secret).
 *
 * @param api   the results API's URL it enrolled with
 * @param name  the probe's name
 * @param region its region
 * @param token its bearer token (shown once by the API at enrolment)
 * @param enrolledAt when it enrolled
 */
public record ProbeIdentity(String api, String name, String region, String token, Instant enrolledAt) {
    public static final String FILE = "probe.json";

    public ProbeIdentity {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
    }

    public static boolean exists(Path dataDir) {
        return Files.exists(dataDir.resolve(FILE));
    }

    /** Reads the identity; the message says what to do when there is none or it is damaged. */
    public static ProbeIdentity read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException("no probe identity in " + file.toAbsolutePath() + "; enrol this probe first:"
                    + " glassprobe-probe enrol --api URL --admin-token TOKEN --name NAME --region REGION --data "
                    + dataDir);
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON (" + e.getMessage() + "); enrol the probe again");
        }
        for (String field : new String[] {"api", "name", "region", "token", "enrolledAt"}) {
            if (!node.path(field).isTextual()) {
                throw new IOException(file + " has no \"" + field + "\"; enrol the probe again");
            }
        }
        return new ProbeIdentity(node.get("api").asText(), node.get("name").asText(), node.get("region").asText(),
                node.get("token").asText(), Instant.parse(node.get("enrolledAt").asText()));
    }

    /** Writes the identity so that only the probe's user can read it. */
    public void write(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        ObjectNode node = new ObjectMapper().createObjectNode().put("api", api).put("name", name)
                .put("region", region).put("token", token).put("enrolledAt", Timestamps.format(enrolledAt));
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.write(tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "ProbeIdentity[" + name + " in " + region + " at " + api + "]";
    }
}
