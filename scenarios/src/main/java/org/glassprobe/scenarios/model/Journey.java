package org.glassprobe.scenarios.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.result.Integrity;

/**
 * A check that one region writes and the others read (its {@code journey} section): the writing
 * region runs the check's steps, which upload an object, and publishes it (its URL, and the
 * fingerprint of the file uploaded); every other region reads it until the bytes are the ones
 * written, and reports how long after the upload that was (propagation time).
 *
 * @param writer      the region that writes; empty when the check's regions take turns
 *                    ({@code writer: rotate}), round by round
 * @param publishStep the step whose upload is the object
 * @param file        the uploaded file, as named in the check
 * @param content     its fingerprint: what a reader must read, byte for byte
 * @param url         where readers find it, filled in with the writer's variables after its run
 * @param read        how a reader fetches it (an http step; {@code ${object_url}} is the object's URL)
 * @param every       the pause between a reader's reads, until the bytes are identical
 * @param expect      conditions on the propagation ({@code [PROPAGATION] < 10s})
 */
public record Journey(Optional<String> writer, String publishStep, String file, Integrity.Content content,
        Template url, Step read, Duration every, List<Condition> expect) {
    /** The variable a reader's read step finds the object's URL in. */
    public static final String OBJECT_URL = "object_url";
    /** The variable a reader's read step finds the object's id (the writer's run id) in. */
    public static final String OBJECT_ID = "object_id";

    public Journey {
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(publishStep, "publishStep");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(every, "every");
        expect = List.copyOf(expect);
    }

    /**
     * The region that writes in the round planned at {@code round}: the fixed writer, or with
     * {@code rotate} the regions in turn, round k = planned epoch milliseconds / interval (every
     * probe plans a check's runs at the same instants, so every probe computes the same writer).
     */
    public String writerOf(List<String> regions, Instant round, Duration interval) {
        if (writer.isPresent()) {
            return writer.get();
        }
        long k = Math.floorDiv(round.toEpochMilli(), interval.toMillis());
        return regions.get((int) Math.floorMod(k, (long) regions.size()));
    }
}
