package org.glassprobe.api.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.glassprobe.api.TestApi;
import org.glassprobe.scenarios.result.ResultJson;

/**
 * Results of a journey's writer and readers as the probe writes them: a result's JSON with the
 * {@code journey} field exactly as the contract (docs/result-format.md) gives it.
 */
public final class JourneyResults {
    public static final String SHA_A = "9f2c".repeat(16);
    public static final String SHA_B = "0a1b".repeat(16);

    private JourneyResults() {}

    /** A writer's result of a round that published an object with these bytes' sha256. */
    public static ObjectNode writer(String check, UUID id, Instant round, String sha256) {
        ObjectNode r = result(check, id, round, true);
        r.set("journey", json("{\"role\": \"writer\", \"round\": \"" + round + "\", \"object\": {\"url\":"
                + " \"http://127.0.0.1:8081/images/" + id + "\", \"sha256\": \"" + sha256 + "\", \"size\": 456,"
                + " \"contentType\": \"image/png\", \"file\": \"images/glassprobe.png\", \"step\": \"upload\","
                + " \"uploadedAt\": \"" + round.plusMillis(153) + "\"}}"));
        return r;
    }

    /** A writer's result whose upload failed: no object. */
    public static ObjectNode writerWithoutObject(String check, Instant round) {
        ObjectNode r = result(check, UUID.randomUUID(), round, false);
        r.set("journey", json("{\"role\": \"writer\", \"round\": \"" + round + "\"}"));
        return r;
    }

    /**
     * A reader's fresh read of the object written in its round, identical after propagationMs (null:
     * never identical, the run failed); ok says whether the run passed.
     */
    public static ObjectNode reader(String check, UUID objectId, String writerRegion, Instant round, Double propagationMs,
            boolean ok) {
        ObjectNode r = result(check, UUID.randomUUID(), round.plusMillis(40), ok);
        Instant uploaded = round.plusMillis(153);
        String identical = propagationMs == null ? "" : ", \"firstIdenticalAt\": \""
                + uploaded.plusMillis(Math.round(propagationMs)) + "\", \"propagationMs\": " + propagationMs;
        r.set("journey", json("{\"role\": \"reader\", \"round\": \"" + round + "\", \"object\": {\"id\": \"" + objectId
                + "\", \"round\": \"" + round + "\", \"writer\": {\"probe\": \"" + writerRegion + "-1\", \"region\": \""
                + writerRegion + "\"}, \"url\": \"http://127.0.0.1:8081/images/" + objectId + "\", \"sha256\": \""
                + SHA_A + "\", \"size\": 456, \"contentType\": \"image/png\", \"uploadedAt\": \"" + uploaded + "\"},"
                + " \"fresh\": true, \"reads\": 7" + identical + ", \"upperBound\": false, \"failuresBefore\":"
                + " {\"missing\": 6, \"stale\": 0, \"different\": 0, \"error\": 0}}"));
        return r;
    }

    /** A reader's re-read of an older object (no object of its round was published in time). */
    public static ObjectNode staleReader(String check, UUID objectId, Instant objectRound, Instant round) {
        ObjectNode r = result(check, UUID.randomUUID(), round.plusMillis(40), true);
        r.set("journey", json("{\"role\": \"reader\", \"round\": \"" + round + "\", \"object\": {\"id\": \"" + objectId
                + "\", \"round\": \"" + objectRound + "\", \"writer\": {\"probe\": \"eu-west-1\", \"region\":"
                + " \"eu-west\"}, \"url\": \"http://x/images/1\", \"sha256\": \"" + SHA_A + "\", \"size\": 456,"
                + " \"contentType\": \"image/png\", \"uploadedAt\": \"" + objectRound + "\"}, \"fresh\": false,"
                + " \"reads\": 1, \"upperBound\": false, \"failuresBefore\": {\"missing\": 0, \"stale\": 0,"
                + " \"different\": 0, \"error\": 0}}"));
        return r;
    }

    /** A result of one http step, as TestApi makes them, as a JSON object to add a journey to. */
    public static ObjectNode result(String check, UUID id, Instant startedAt, boolean ok) {
        return (ObjectNode) json(ResultJson.toJson(TestApi.result(id, check, startedAt, ok,
                new org.glassprobe.scenarios.result.Phases(0.5, 1.0, 0, 10.0, 0.5))));
    }

    public static String batch(List<? extends JsonNode> results) {
        StringBuilder s = new StringBuilder("{\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            s.append(i == 0 ? "" : ",").append(results.get(i).toString());
        }
        return s.append("]}").toString();
    }

    public static JsonNode json(String text) {
        try {
            return TestApi.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
