package org.glassprobe.api.journey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a result's {@code journey} field as the contract writes it (docs/result-format.md),
 * tolerantly: unknown fields and roles are ignored, so that probes of a newer version roll; but a
 * known field of the wrong type or out of its bounds is refused, naming its path, since it would
 * be stored wrong.
 */
public final class JourneyField {
    /** The longest propagation a read can report, in ms: a day (a run's timeout is far shorter). */
    static final double MAX_PROPAGATION_MS = 86_400_000;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private JourneyField() {}

    /** A journey field that cannot be stored: where ({@code results[3].journey.object.url}) and why. */
    public static final class Invalid extends RuntimeException {
        private final String path;

        Invalid(String path, String message) {
            super(message);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /** The result a journey field belongs to: what a kept row takes from it besides the field. */
    public record Result(UUID id, String check, Instant startedAt, boolean ok, String probe, String region) {}

    /**
     * What the field says that is kept: a writer's published object, a reader's fresh read, or
     * nothing (absent or null field, a writer that published nothing, a read of an older round,
     * a role this API does not know).
     *
     * @param path where the field is, for messages ({@code results[3].journey})
     * @throws Invalid a known field of the wrong type or out of bounds
     */
    public static Optional<JourneyFacts> read(JsonNode journey, String path, Result result) {
        if (journey == null || journey.isNull() || journey.isMissingNode()) {
            return Optional.empty();
        }
        if (!journey.isObject()) {
            throw new Invalid(path, "is " + type(journey) + "; a journey is an object {\"role\": \"writer\"|\"reader\","
                    + " \"round\": ..., ...}");
        }
        JsonNode roleNode = journey.get("role");
        String role = roleNode != null && roleNode.isTextual() ? roleNode.asText() : null;
        if (role == null || !(role.equals("writer") || role.equals("reader"))) {
            return Optional.empty(); // a role of a later contract (or none): the result is kept, nothing more
        }
        Instant round = instant(journey, path, "round", true);
        JsonNode object = journey.get("object");
        if (object == null || object.isNull()) {
            if (role.equals("reader") && bool(journey, path, "fresh")) {
                throw new Invalid(path + ".object", "is missing; a fresh read names the object it read");
            }
            return Optional.empty();
        }
        String at = path + ".object";
        if (!object.isObject()) {
            throw new Invalid(at, "is " + type(object) + "; the object is a JSON object");
        }
        if (role.equals("writer")) {
            return Optional.of(JourneyFacts.published(new JourneyObject(result.id(), result.check(), round,
                    result.probe(), result.region(), text(object, at, "url", 2000, true),
                    sha256(object, at), size(object, at), text(object, at, "contentType", 200, false),
                    text(object, at, "file", 500, false), text(object, at, "step", 200, false),
                    instant(object, at, "uploadedAt", true))));
        }
        if (!bool(journey, path, "fresh")) {
            return Optional.empty(); // a re-read of an older object: its propagation was measured before
        }
        UUID objectId = uuid(object, at, "id");
        JsonNode writer = object.get("writer");
        if (writer == null || !writer.isObject()) {
            throw new Invalid(at + ".writer", writer == null ? "is missing; a read names its writer {\"probe\": ...,"
                    + " \"region\": ...}" : "is " + type(writer) + "; the writer is {\"probe\": ..., \"region\": ...}");
        }
        String writerRegion = text(writer, at + ".writer", "region", 32, true);
        Double propagation = number(journey, path, "propagationMs", MAX_PROPAGATION_MS);
        JsonNode failures = journey.get("failuresBefore");
        JourneyRead.FailuresBefore before = JourneyRead.FailuresBefore.NONE;
        if (failures != null && !failures.isNull()) {
            String fat = path + ".failuresBefore";
            if (!failures.isObject()) {
                throw new Invalid(fat, "is " + type(failures) + "; it is {\"missing\": n, \"stale\": n,"
                        + " \"different\": n, \"error\": n}");
            }
            before = new JourneyRead.FailuresBefore(count(failures, fat, "missing"), count(failures, fat, "stale"),
                    count(failures, fat, "different"), count(failures, fat, "error"));
        }
        return Optional.of(JourneyFacts.read(new JourneyRead(result.id(), result.check(), result.region(),
                result.probe(), round, result.startedAt(), objectId, writerRegion, result.ok(), propagation,
                bool(journey, path, "upperBound"), count(journey, path, "reads"), before)));
    }

    private static String type(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode parent, String at, String field, int max, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new Invalid(at + "." + field, "is missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new Invalid(at + "." + field, "is " + type(n) + "; it is text");
        }
        String s = n.asText();
        if (s.length() > max || (required && s.isEmpty())) {
            throw new Invalid(at + "." + field, s.isEmpty() ? "is empty" : "is " + s.length()
                    + " characters; at most " + max);
        }
        return s;
    }

    private static String sha256(JsonNode object, String at) {
        String s = text(object, at, "sha256", 64, true);
        if (!SHA256.matcher(s).matches()) {
            throw new Invalid(at + ".sha256", "is \"" + s + "\"; a SHA-256 is 64 hexadecimal digits");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    private static long size(JsonNode object, String at) {
        JsonNode n = object.get("size");
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new Invalid(at + ".size", n == null ? "is missing" : "is " + n + "; a size is a whole number of"
                    + " bytes, 0 or more");
        }
        return n.asLong();
    }

    private static Instant instant(JsonNode parent, String at, String field, boolean required) {
        String s = text(parent, at, field, 40, required);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new Invalid(at + "." + field, "is \"" + s + "\"; an instant is ISO-8601 in UTC, such as"
                    + " 2026-12-07T12:00:00.000Z");
        }
    }

    private static UUID uuid(JsonNode parent, String at, String field) {
        String s = text(parent, at, field, 36, true);
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new Invalid(at + "." + field, "is \"" + s + "\"; an object's id is its writer result's id, a UUID");
        }
    }

    private static boolean bool(JsonNode parent, String at, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new Invalid(at + "." + field, "is " + type(n) + "; it is true or false");
        }
        return n.asBoolean();
    }

    private static Double number(JsonNode parent, String at, String field, double max) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber() || !(n.asDouble() >= 0) || n.asDouble() > max) {
            throw new Invalid(at + "." + field, "is " + n + "; it is a number of ms from 0 to " + (long) max);
        }
        return n.asDouble();
    }

    private static int count(JsonNode parent, String at, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw new Invalid(at + "." + field, "is " + n + "; it is a whole number, 0 or more");
        }
        return n.asInt();
    }
}
