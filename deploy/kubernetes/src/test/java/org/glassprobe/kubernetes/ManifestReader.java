package org.glassprobe.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads Kubernetes manifests as strictly as the API server decodes them (kubectl's
 * {@code --validate=strict}): every YAML document into its kind's typed model (fabric8), refusing
 * fields the model does not have, values of the wrong type, duplicate keys and kinds not listed in
 * {@link #KINDS}. Each error names the file, line, column and field path.
 */
final class ManifestReader {
    /**
     * The kinds the manifests may hold, by {@code apiVersion/kind}, each with the model it is read
     * into. A kind missing here fails the test, so that a new kind of object is checked too.
     */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private final YAMLMapper mapper = strictMapper();

    /** One object of a manifest: the file, its document's number (from 1) and the object read. */
    record Manifest(Path file, int document, HasMetadata object) {}

    /** Every document of {@code file}, read into its kind's model. */
    List<Manifest> read(Path file) throws InvalidManifestException {
        List<Document> documents = documents(file);
        List<Manifest> manifests = new ArrayList<>();
        try (NameTracking parser = new NameTracking(mapper.createParser(file))) {
            for (Document document : documents) {
                JsonToken token;
                do {
                    token = parser.nextToken();
                } while (token == JsonToken.VALUE_NULL); // an empty document, which kubectl skips too
                HasMetadata object;
                try {
                    object = mapper.readValue(parser, document.model());
                } catch (PropertyBindingException e) {
                    throw new InvalidManifestException(at(file, parser.lastName()) + problem(e), e);
                }
                if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                    throw new InvalidManifestException(at(file, document.start()) + object.getKind()
                            + " has no metadata.name");
                }
                manifests.add(new Manifest(file, manifests.size() + 1, object));
            }
        } catch (JacksonException e) {
            throw new InvalidManifestException(at(file, e.getLocation()) + problem(e), e);
        }
        return manifests;
    }

    /** Reads {@code file} as the record {@code type}, with the same strictness. */
    <T> T readAs(Path file, Class<T> type) throws InvalidManifestException {
        try {
            return mapper.readValue(file, type);
        } catch (JacksonException e) {
            throw new InvalidManifestException(at(file, e.getLocation()) + problem(e), e);
        }
    }

    /** Where a document starts, and the model its {@code apiVersion} and {@code kind} name. */
    private record Document(TokenStreamLocation start, Class<? extends HasMetadata> model) {}

    private List<Document> documents(Path file) throws InvalidManifestException {
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(file)) {
            while (parser.nextToken() != null) {
                TokenStreamLocation start = parser.currentTokenLocation();
                if (parser.currentToken() == JsonToken.VALUE_NULL) {
                    continue; // an empty document, which kubectl skips too
                }
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    throw new InvalidManifestException(at(file, start) + "document " + (documents.size() + 1)
                            + " is not a mapping of fields");
                }
                JsonNode document = mapper.readTree(parser);
                String apiVersion = document.path("apiVersion").asString("");
                String kind = document.path("kind").asString("");
                if (apiVersion.isEmpty() || kind.isEmpty()) {
                    throw new InvalidManifestException(at(file, start) + "document " + (documents.size() + 1)
                            + " needs apiVersion and kind");
                }
                Class<? extends HasMetadata> model = KINDS.get(apiVersion + "/" + kind);
                if (model == null) {
                    throw new InvalidManifestException(at(file, start) + "kind " + kind + " of apiVersion "
                            + apiVersion + " is not one this test knows; add it to ManifestReader.KINDS"
                            + " so that its objects are checked");
                }
                documents.add(new Document(start, model));
            }
        } catch (JacksonException e) {
            throw new InvalidManifestException(at(file, e.getLocation()) + problem(e), e);
        }
        return documents;
    }

    private static String at(Path file, TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? file + ": "
                : file + ":" + location.getLineNr() + ":" + location.getColumnNr() + ": ";
    }

    /** What is wrong, in Kubernetes' terms: the field's path in the object, and why. */
    private static String problem(JacksonException e) {
        String path = path(e.getPath());
        if (e instanceof PropertyBindingException unknown) {
            return "unknown field " + path + " (" + unknown.getReferringClass().getSimpleName()
                    + " has no field \"" + unknown.getPropertyName() + "\")";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getCurrentToken() != null) {
            return path + ": expected " + typeName(mismatch.getTargetType()) + ", found "
                    + shape(mismatch.getCurrentToken()) + (mismatch.getTargetType() == String.class ? " (quote it)" : "");
        }
        if (e.processor() instanceof JsonParser parser
                && e.getOriginalMessage().startsWith("Duplicate Object property")) {
            return "duplicate field " + path(parser.streamReadContext())
                    + " (YAML would keep one of the two silently)";
        }
        return (path.isEmpty() ? "" : path + ": ") + e.getOriginalMessage();
    }

    /** The path of the field a parser stands at, from its contexts. */
    private static String path(TokenStreamContext context) {
        List<JacksonException.Reference> references = new ArrayList<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            references.add(0, c.inArray() ? new JacksonException.Reference(null, c.getCurrentIndex())
                    : new JacksonException.Reference(null, c.currentName()));
        }
        return path(references);
    }

    /** The path as kubectl prints it: {@code spec.template.spec.containers[0].readinessProbe}. */
    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    private static String shape(JsonToken token) {
        return switch (token) {
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_STRING -> "a string";
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    /**
     * A parser that remembers where the last field name stood. Jackson reports an unknown field
     * where its value starts, which for a nested mapping is the line below the field; the name's
     * own place is what a reader looks for.
     */
    private static final class NameTracking extends JsonParserDelegate {
        private TokenStreamLocation lastName;

        NameTracking(JsonParser parser) {
            super(parser);
        }

        TokenStreamLocation lastName() {
            return lastName;
        }

        private <T> T seen(T result) {
            if (delegate.currentToken() == JsonToken.PROPERTY_NAME) {
                lastName = delegate.currentTokenLocation();
            }
            return result;
        }

        @Override
        public JsonToken nextToken() {
            return seen(delegate.nextToken());
        }

        @Override
        public JsonToken nextValue() {
            JsonToken token = nextToken();
            return token == JsonToken.PROPERTY_NAME ? nextToken() : token;
        }

        @Override
        public String nextName() {
            return seen(delegate.nextName());
        }

        @Override
        public boolean nextName(SerializableString name) {
            return seen(delegate.nextName(name));
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            return seen(delegate.nextNameMatch(matcher));
        }
    }

    /**
     * Jackson set up to refuse what Kubernetes refuses. fabric8's models keep unknown fields in
     * {@code additionalProperties} through {@code @JsonAnySetter}; turning any-setters off makes an
     * unknown field an error, and failing on ignored properties covers the one name the models
     * ignore ({@code additionalProperties} itself). A number or boolean where a string belongs
     * (an unquoted {@code "true"} in an env value) is refused, as the API server refuses it.
     */
    private static YAMLMapper strictMapper() {
        return YAMLMapper.builder()
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                        return Boolean.FALSE;
                    }
                })
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // a file's documents follow each other in one stream: the next is not left over
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }
}
