package org.glassprobe.api.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields of a generated schema every answer carries: those the API's Jackson mapper writes
 * always (a {@code null} included), and primitives. swagger-core does not know the mapper's
 * inclusion settings, so this walks the same types with Jackson and marks the schemas'
 * {@code required}.
 */
final class RequiredFields {
    private RequiredFields() {}

    static void apply(ObjectMapper json, Class<?> root, Map<String, Schema<?>> schemas, String rootName) {
        walk(json, json.constructType(root), schemas, rootName, new HashSet<>());
    }

    private static void nullableValues(Schema<?> property, Class<?> owner, String name) {
        Schema<?> values = property == null ? null : property.getItems() != null ? property.getItems()
                : property.getAdditionalProperties() instanceof Schema<?> s ? s : null;
        if (values == null || values.getTypes() == null) {
            throw new IllegalStateException(owner.getName() + "." + name + " is @NullableValues but not a list or"
                    + " map of plain values");
        }
        values.addType("null");
    }

    /**
     * A {@code @Nullable} field whose type is another record: swagger-core writes only its
     * {@code $ref}, which would refuse the {@code null} the field may carry; it becomes one of the
     * record or null.
     */
    private static void nullableRecord(Schema<?> owner, String name) {
        Schema<?> property = owner.getProperties().get(name);
        if (property == null || property.get$ref() == null) {
            return;
        }
        Schema<Object> either = new Schema<>(property.getSpecVersion());
        either.addOneOfItem(new Schema<>(property.getSpecVersion()).$ref(property.get$ref()));
        Schema<Object> none = new Schema<>(property.getSpecVersion());
        none.addType("null");
        either.addOneOfItem(none);
        owner.getProperties().put(name, either);
    }

    private static void walk(ObjectMapper json, JavaType type, Map<String, Schema<?>> schemas, String name,
            Set<Class<?>> seen) {
        if (type.isContainerType()) {
            if (type.getContentType() != null) {
                walk(json, type.getContentType(), schemas, null, seen);
            }
            return;
        }
        Class<?> raw = type.getRawClass();
        if (!raw.isRecord() || !seen.add(raw)) {
            return;
        }
        SerializationConfig config = json.getSerializationConfig();
        BeanDescription bean = config.introspect(type);
        JsonInclude.Value byClass = bean.findPropertyInclusion(config.getDefaultPropertyInclusion(raw));
        List<String> required = new ArrayList<>();
        Schema<?> schema = schemas.get(name != null ? name : raw.getSimpleName());
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldSerialize()) {
                continue;
            }
            JsonInclude.Include inclusion = byClass.withOverrides(p.findInclusion()).getValueInclusion();
            boolean always = inclusion == JsonInclude.Include.ALWAYS || inclusion == JsonInclude.Include.USE_DEFAULTS;
            boolean primitive = p.getRawPrimaryType().isPrimitive() && inclusion != JsonInclude.Include.NON_DEFAULT;
            if (always || primitive) {
                required.add(p.getName());
            }
            if (schema != null && schema.getProperties() != null && p.getAccessor() != null
                    && p.getAccessor().hasAnnotation(jakarta.annotation.Nullable.class)) {
                nullableRecord(schema, p.getName());
            }
            if (schema != null && schema.getProperties() != null && p.getAccessor() != null
                    && p.getAccessor().hasAnnotation(NullableValues.class)) {
                nullableValues(schema.getProperties().get(p.getName()), raw, p.getName());
            }
            walk(json, p.getPrimaryType(), schemas, null, seen);
        }
        if (schema != null && schema.getProperties() != null) {
            schema.setRequired(required.stream().filter(schema.getProperties()::containsKey).toList());
        }
    }
}
