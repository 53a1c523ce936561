package io.faultline.common.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Valid contract v1 payloads for tests, editable field by field: {@code prediction().with("model",
 * "\"../x\"").without("features").json()}. Values are raw JSON text, so tests can put anything there,
 * including text that is not JSON at all.
 */
final class TestingPayloads {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private TestingPayloads() {}

    static TestingPayloads prediction() {
        return new TestingPayloads()
                .with("event_id", "\"evt-0001\"")
                .with("event_time", "\"2026-10-01T06:00:00.123Z\"")
                .with("model", "\"fraud-scorer\"")
                .with("model_version", "\"v1.4.2\"")
                .with("features", "{\"amount\":12.5,\"country\":\"DE\",\"age\":41,\"is_new\":true,\"device\":null}")
                .with("prediction", "\"fraud\"")
                .with("confidence", "0.93");
    }

    static TestingPayloads label() {
        return new TestingPayloads()
                .with("event_id", "\"evt-0001\"")
                .with("label", "\"legit\"")
                .with("label_time", "\"2026-10-03T12:00:00+02:00\"")
                .with("source", "\"human\"");
    }

    static TestingPayloads deployment() {
        return new TestingPayloads()
                .with("model", "\"fraud-scorer\"")
                .with("model_version", "\"v1.4.2\"")
                .with("deployed_at", "1790000000000")
                .with("feature_flags", "{\"shadow\":true,\"tier\":\"gold\"}");
    }

    /** Sets (or replaces, keeping its position) a field to a raw JSON value. */
    TestingPayloads with(String field, String rawJsonValue) {
        fields.put(field, rawJsonValue);
        return this;
    }

    TestingPayloads without(String field) {
        fields.remove(field);
        return this;
    }

    String json() {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(field.getKey()).append("\":").append(field.getValue());
        }
        return out.append('}').toString();
    }

    /** Field names, for generators that pick one to corrupt. */
    String[] fieldNames() {
        return fields.keySet().toArray(new String[0]);
    }

    /** A JSON object with {@code count} entries {@code "k0000": value, ...}. */
    static String objectWithEntries(int count, String rawJsonValue) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(String.format("\"k%04d\":", i)).append(rawJsonValue);
        }
        return out.append('}').toString();
    }

    /** A JSON string literal of {@code length} times {@code c}. */
    static String stringOf(int length, char c) {
        return '"' + String.valueOf(c).repeat(length) + '"';
    }
}
