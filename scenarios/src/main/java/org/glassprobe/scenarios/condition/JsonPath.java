package org.glassprobe.scenarios.condition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small JSON path used by conditions and captures: {@code url}, {@code $.url},
 * {@code items[0].id}, {@code data.user.name}. Dots separate field names; {@code [n]} indexes arrays.
 */
public final class JsonPath {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)?((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final String source;
    private final List<Object> steps;

    private JsonPath(String source, List<Object> steps) {
        this.source = source;
        this.steps = List.copyOf(steps);
    }

    /** Reads a path; throws IllegalArgumentException with a message that shows the syntax. */
    public static JsonPath parse(String path) {
        String p = path.startsWith("$.") ? path.substring(2) : path.equals("$") ? "" : path;
        List<Object> steps = new ArrayList<>();
        if (!p.isEmpty()) {
            for (String segment : p.split("\\.", -1)) {
                Matcher m = SEGMENT.matcher(segment);
                if (segment.isEmpty() || !m.matches()) {
                    throw new IllegalArgumentException("\"" + path + "\" is not a JSON path; write field names"
                            + " separated by dots and [n] for array items, e.g. items[0].id");
                }
                if (m.group(1) != null) {
                    steps.add(m.group(1));
                }
                Matcher idx = INDEX.matcher(m.group(2));
                while (idx.find()) {
                    steps.add(Integer.parseInt(idx.group(1)));
                }
            }
        }
        return new JsonPath(path, steps);
    }

    /** The value at this path as text: strings as they are, other values as JSON. */
    public Optional<String> find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null) {
                return Optional.empty();
            }
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        if (node == null || node.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(node.isValueNode() && !node.isNull() ? node.asText() : node.toString());
    }

    /** Parses text as JSON, or empty when it is not JSON. */
    public static Optional<JsonNode> readTree(String text) {
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
