package io.faultline.common.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON plumbing of the byte forms in this package: one configured mapper and strict field readers. */
final class Json {
    /** Sorted keys and properties, so that equal values give equal bytes; unknown properties are errors. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static JsonNode read(byte[] bytes, String what) {
        try {
            JsonNode root = MAPPER.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("malformed " + what + " bytes: not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + what + " bytes: " + e.getMessage(), e);
        }
    }

    static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing text field " + field);
        }
        return v.asText();
    }

    static long requiredLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return asLong(v, field);
    }

    static int requiredInt(JsonNode node, String field) {
        long v = requiredLong(node, field);
        if (v != (int) v) {
            throw new IllegalArgumentException(field + " out of range: " + v);
        }
        return (int) v;
    }

    static long asLong(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is not an integer: " + v);
        }
        return v.longValue();
    }

    /** The fields of the object {@code node.field}, in document order; none when absent. */
    static List<Map.Entry<String, JsonNode>> fields(JsonNode node, String field) {
        JsonNode object = node.get(field);
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        if (object == null) {
            return entries;
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException(field + " is not an object");
        }
        object.fields().forEachRemaining(entries::add);
        return entries;
    }
}
