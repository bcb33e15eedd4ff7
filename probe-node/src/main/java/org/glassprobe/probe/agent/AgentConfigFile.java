package org.glassprobe.probe.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The agent's optional YAML config file. Every key is optional; command-line flags override it.
 * Unknown keys and wrong types are errors naming the file, line, key and value.
 *
 * <pre>
 * api: http://127.0.0.1:8080
 * data: /var/lib/glassprobe
 * variables: {target: https://www.example.org}
 * pull-interval: 10s
 * heartbeat-interval: 5s
 * listen: 127.0.0.1:9116
 * workers: 16
 * spool-max-bytes: 268435456
 * shutdown-grace: 10s
 * </pre>
 */
public record AgentConfigFile(
        @JsonProperty("api") String api,
        @JsonProperty("data") String data,
        @JsonProperty("variables") Map<String, String> variables,
        @JsonProperty("pull-interval") String pullInterval,
        @JsonProperty("heartbeat-interval") String heartbeatInterval,
        @JsonProperty("listen") String listen,
        @JsonProperty("workers") Integer workers,
        @JsonProperty("spool-max-bytes") Long spoolMaxBytes,
        @JsonProperty("shutdown-grace") String shutdownGrace) {

    public static final AgentConfigFile EMPTY = new AgentConfigFile(null, null, null, null, null, null, null, null,
            null);

    /** Reads the file; an {@link IOException}'s message is what to show the user. */
    public static AgentConfigFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such config file");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try {
            AgentConfigFile read = yaml.readValue(file.toFile(), AgentConfigFile.class);
            return read == null ? EMPTY : read;
        } catch (UnrecognizedPropertyException e) {
            throw new IOException(where(file, e.getLocation()) + e.getPropertyName() + ": unknown key; allowed: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
                    : r.getFieldName()).collect(Collectors.joining("."));
            throw new IOException(where(file, e.getLocation()) + (path.isEmpty() ? "" : path + ": ")
                    + e.getOriginalMessage().replaceAll(" \\(.*", ""));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(where(file, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String where(Path file, JsonLocation at) {
        return file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": ";
    }
}
